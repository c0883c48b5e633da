import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import { createPostgresFileStore } from "../../../domain/files/postgres-file-store";
import { storeUpload, type UploadDeps } from "../../../domain/files/upload.service";
import { contentDisposition, sanitizeFileName } from "../../../domain/files/file-name";
import { findReadableFile } from "../../../domain/permissions/resource-access.service";
import { isDomainError } from "../../../domain/errors";
import { createOf, createOrganisationWithUser } from "./fixtures";
import { chunksOf, collect, samples } from "./sample-files";

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "datadock-upload-test-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.messageKey;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function fileCount(organisationId: string) {
  const rows = await t.db.selectFrom("files").select("id").where("organisation_id", "=", organisationId).execute();
  return rows.length;
}

describe.each(["disk", "postgres"] as const)("uploads into the %s store", (kind) => {
  const deps = (maxBytes = 5 * 1024 * 1024): UploadDeps => ({
    db: t.db,
    files: kind === "disk" ? createDiskFileStore(join(dir, "files")) : createPostgresFileStore(t.db),
    maxBytes,
  });

  it.each([
    ["rapport.pdf", samples.pdf, "application/pdf", "rapport.pdf"],
    ["photo.PNG", samples.png, "image/png", "photo.png"],
    ["scan.jpeg", samples.jpeg, "image/jpeg", "scan.jpg"],
    ["procédure.odt", samples.odt, "application/vnd.oasis.opendocument.text", "procédure.odt"],
    ["livret.docx", samples.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "livret.docx"],
  ])("accepts %s by its content and streams it back identical", async (name, bytes, mime, storedName) => {
    const of = await createOf(t.db);
    const file = await storeUpload(deps(), of, { fileName: name, data: chunksOf(bytes, 7) });
    expect(file).toMatchObject({ content_type: mime, file_name: storedName, store: kind, organisation_id: of.organisationId });
    expect(Number(file.size_bytes)).toBe(bytes.length);
    expect((await collect(deps().files.read(file))).equals(bytes)).toBe(true);
  });

  it("names the file by its real type, whatever its extension said", async () => {
    const of = await createOf(t.db);
    const file = await storeUpload(deps(), of, { fileName: "image.pdf", data: chunksOf(samples.png) });
    expect(file).toMatchObject({ content_type: "image/png", file_name: "image.png" });
  });

  it.each([
    ["an .exe renamed .pdf", "facture.pdf", samples.exe],
    ["a plain zip renamed .docx", "doc.docx", samples.plainZip],
    ["a macro-enabled Word file", "macro.docx", samples.docm],
    ["an OpenDocument spreadsheet renamed .odt", "calc.odt", samples.odsSpreadsheet],
    ["a text file", "notes.pdf", Buffer.from("just text, not a PDF")],
    ["a .docm with a VBA project renamed .docx", "rapport.docx", samples.docmWithVbaProject],
    ["a DOCX carrying a VBA project", "rapport.docx", samples.docxCarryingVbaProject],
    ["a DOCX declaring a macro-enabled part", "rapport.docx", samples.docxDeclaringMacroPart],
    ["an .xlsm", "tableau.docx", samples.xlsm],
    ["a .pptm", "diapos.docx", samples.pptm],
    ["a plain spreadsheet (not an accepted type)", "tableau.docx", samples.xlsx],
    ["an ODT carrying a Basic macro", "procedure.odt", samples.odtWithBasicMacro],
    ["an HTML page with a script", "page.pdf", samples.html],
    ["an SVG with a script", "logo.png", samples.svgWithScript],
    ["an ELF executable", "outil.pdf", samples.elf],
    ["a shell script", "installer.pdf", samples.shellScript],
  ])("refuses %s and stores nothing", async (_label, name, bytes) => {
    const of = await createOf(t.db);
    expect(await refusal(storeUpload(deps(), of, { fileName: name, data: chunksOf(bytes) }))).toBe("upload.typeRefused");
    expect(await fileCount(of.organisationId)).toBe(0);
  });

  it("refuses an oversize file while streaming, and stores nothing", async () => {
    const of = await createOf(t.db);
    let pulled = 0;
    async function* endless() {
      yield samples.pdf;
      for (let i = 0; i < 1000; i++) {
        pulled += 1;
        yield Buffer.alloc(64 * 1024);
      }
    }
    expect(await refusal(storeUpload(deps(1024 * 1024), of, { fileName: "gros.pdf", data: endless() }))).toBe("upload.tooLarge");
    expect(pulled).toBeLessThan(20); // stopped at the limit, not after reading everything
    expect(await fileCount(of.organisationId)).toBe(0);
  });

  it("accepts a file of exactly the limit", async () => {
    const of = await createOf(t.db);
    const exact = Buffer.concat([samples.pdf, Buffer.alloc(4096 - samples.pdf.length, 0x20)]);
    const file = await storeUpload(deps(4096), of, { fileName: "juste.pdf", data: chunksOf(exact) });
    expect(Number(file.size_bytes)).toBe(4096);
  });

  it("refuses an empty file", async () => {
    const of = await createOf(t.db);
    expect(await refusal(storeUpload(deps(), of, { fileName: "vide.pdf", data: chunksOf(Buffer.alloc(0)) }))).toBe("upload.empty");
  });

  it("neutralises hostile names", async () => {
    const of = await createOf(t.db);
    const file = await storeUpload(deps(), of, { fileName: "../../etc/passwd", data: chunksOf(samples.pdf) });
    expect(file.file_name).toBe("passwd.pdf");
    expect(file.storage_key).toBe(`${of.organisationId}/${file.id}`);
  });
});

describe("file names", () => {
  it.each([
    ["../../etc/passwd", "pdf", "passwd.pdf"],
    ["..\\..\\windows\\system.ini", "pdf", "system.pdf"],
    ["..", "pdf", "document.pdf"],
    [".htaccess", "png", "htaccess.png"],
    ["a\u0000b\r\n<script>.pdf", "pdf", "abscript.pdf"],
    ['guil"lemets;.pdf', "pdf", "guillemets.pdf"],
    ["Attestation été 2026.PDF", "pdf", "Attestation été 2026.pdf"],
  ])("%j → %s", (raw, ext, expected) => {
    expect(sanitizeFileName(raw, ext)).toBe(expected);
  });
  it("caps long names and keeps the extension", () => {
    const name = sanitizeFileName(`${"x".repeat(400)}.pdf`, "pdf");
    expect(name.length).toBe(150);
    expect(name.endsWith(".pdf")).toBe(true);
  });
  it("builds a Content-Disposition with an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("Attestation été.pdf", true)).toBe(
      `inline; filename="Attestation ete.pdf"; filename*=UTF-8''Attestation%20%C3%A9t%C3%A9.pdf`,
    );
    expect(contentDisposition("a.pdf", false).startsWith("attachment;")).toBe(true);
  });
});

describe("file access", () => {
  it("lets an OF read its own files only; funders and coordination no OF file attached to nothing (decision 021)", async () => {
    const deps: UploadDeps = { db: t.db, files: createPostgresFileStore(t.db), maxBytes: 1024 * 1024 };
    const a = await createOf(t.db);
    const b = await createOf(t.db);
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    const coordination = await createOrganisationWithUser(t.db, "coordination", "coordinator");
    const fileOfA = await storeUpload(deps, a, { fileName: "a.pdf", data: chunksOf(samples.pdf) });
    expect((await findReadableFile(t.db, a.actor, fileOfA.id)).id).toBe(fileOfA.id);
    // Funders read an OF's file through a dossier they may see (tests/integration/access/access-doors.test.ts).
    expect(await refusal(findReadableFile(t.db, funder.actor, fileOfA.id))).toBe("errors.notFound");
    expect(await refusal(findReadableFile(t.db, coordination.actor, fileOfA.id))).toBe("errors.notFound");
    expect(await refusal(findReadableFile(t.db, b.actor, fileOfA.id))).toBe("errors.notFound");
    expect(await refusal(findReadableFile(t.db, a.actor, "not-a-uuid"))).toBe("errors.notFound");
  });
});
