import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import { createPostgresFileStore } from "../../../domain/files/postgres-file-store";
import type { Actor } from "../../../domain/permissions/actor";
import { action as uploadAction } from "../../../app/routes/organisme.dossier.televersement";
import { loader as fileLoader } from "../../../app/routes/fichiers.$id";
import { findOfDossier, requireIndicator } from "../../../domain/dossiers/dossier-access";
import { listEvidence } from "../../../domain/dossiers/evidence.service";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import { samples } from "./sample-files";

/** The upload resource route and the file route, called as Remix calls them, on a real database. */
let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  dir = mkdtempSync(join(tmpdir(), "datadock-route-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

function contextFor(actor: Actor, store: "disk" | "postgres", maxBytes = 1024 * 1024): AppLoadContext {
  return testLoadContext({
    db: t.db,
    actor,
    services: {
      files: store === "disk" ? createDiskFileStore(join(dir, "files")) : createPostgresFileStore(t.db),
      mailer: { send: async () => {}, listLocal: async () => [] },
    },
    config: { devMailbox: true, uploadMaxBytes: maxBytes },
  });
}

function uploadRequest(fields: Record<string, string>, file: { name: string; bytes: Buffer } | null, accept = "application/json") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new File([new Uint8Array(file.bytes)], file.name));
  return new Request("http://localhost/organisme/dossier/televersement", { method: "POST", body: form, headers: { accept } });
}

/** The status a refusal answers with: thrown (httpError), or returned as the French error page (withHtmlErrors). */
async function thrownStatus(promise: Promise<unknown>): Promise<number> {
  try {
    const result = await promise;
    return result instanceof Response ? result.status : 200;
  } catch (error) {
    const e = error as { init?: { status?: number }; status?: number };
    return e.init?.status ?? e.status ?? -1;
  }
}

describe.each(["disk", "postgres"] as const)("upload route with the %s store", (store) => {
  it("stores an upload as evidence and serves it back to its owner and funders only", async () => {
    const of = await createOf(t.db);
    const response = (await uploadAction({
      request: uploadRequest({ code: "1.1" }, { name: "../../etc/Programme été.pdf", bytes: samples.pdf }),
      params: {},
      context: contextFor(of.actor, store),
    })) as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    const indicator = await requireIndicator(t.db, dossier.referentiel_version_id, "1.1");
    const [evidence] = await listEvidence(t.db, dossier.id, indicator.id);
    expect(evidence).toMatchObject({ kind: "file", label: "Programme été.pdf", contentType: "application/pdf" });
    assert(evidence);

    const download = (await fileLoader({
      request: new Request(`http://localhost/fichiers/${evidence.fileId}?inline=1`),
      params: { id: evidence.fileId! },
      context: contextFor(of.actor, store),
    })) as Response;
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain("inline;");
    expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''Programme%20%C3%A9t%C3%A9.pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(samples.pdf)).toBe(true);

    // Funders read an OF's evidence once the dossier has left brouillon (decision 021), never before.
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    expect(
      await thrownStatus(
        fileLoader({
          request: new Request("http://localhost/x"),
          params: { id: evidence.fileId! },
          context: contextFor(funder.actor, store),
        }),
      ),
    ).toBe(404);
    await t.db.updateTable("dossiers").set({ status: "soumis" }).where("id", "=", dossier.id).execute();
    const asFunder = (await fileLoader({
      request: new Request("http://localhost/x"),
      params: { id: evidence.fileId! },
      context: contextFor(funder.actor, store),
    })) as Response;
    expect(asFunder.status).toBe(200);
    expect(asFunder.headers.get("content-disposition")).toMatch(/^attachment;/);

    const other = await createOf(t.db);
    expect(
      await thrownStatus(
        fileLoader({
          request: new Request("http://localhost/x"),
          params: { id: evidence.fileId! },
          context: contextFor(other.actor, store),
        }),
      ),
    ).toBe(404);
  });

  it("refuses a disguised executable, in French, and leaves the dossier unchanged", async () => {
    const of = await createOf(t.db);
    const response = (await uploadAction({
      request: uploadRequest({ code: "1.1" }, { name: "facture.pdf", bytes: samples.exe }),
      params: {},
      context: contextFor(of.actor, store),
    })) as Response;
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message).toContain("ce type de fichier n'est pas accepté");
    expect(await t.db.selectFrom("files").select("id").where("organisation_id", "=", of.organisationId).execute()).toEqual([]);
    expect(
      await t.db
        .selectFrom("dossier_events")
        .select("kind")
        .where("kind", "like", "evidence.%")
        .where("actor_id", "=", of.userId)
        .execute(),
    ).toEqual([]);
  });

  it("refuses an oversize file with 413", async () => {
    const of = await createOf(t.db);
    const big = Buffer.concat([samples.pdf, Buffer.alloc(300 * 1024)]);
    const response = (await uploadAction({
      request: uploadRequest({ code: "1.1" }, { name: "gros.pdf", bytes: big }),
      params: {},
      context: contextFor(of.actor, store, 100 * 1024),
    })) as Response;
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain("taille maximale de 0,1 Mo");
    expect(await t.db.selectFrom("files").select("id").where("organisation_id", "=", of.organisationId).execute()).toEqual([]);
  });

  it("redirects a plain form post back to the indicator", async () => {
    const of = await createOf(t.db);
    const response = (await uploadAction({
      request: uploadRequest({ code: "1.2" }, { name: "a.png", bytes: samples.png }, "text/html"),
      params: {},
      context: contextFor(of.actor, store),
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/organisme/dossier/indicateur/1.2");
    expect(response.headers.get("set-cookie")).toContain("dd_flash=");
  });

  it("refuses uploads once the dossier is submitted, and removes the stored file", async () => {
    const of = await createOf(t.db);
    const dossier = await t.db.selectFrom("dossiers").select("id").where("organisation_id", "=", of.organisationId).executeTakeFirst();
    const version = await t.db.selectFrom("referentiel_versions").select("id").executeTakeFirstOrThrow();
    if (!dossier)
      await t.db
        .insertInto("dossiers")
        .values({ organisation_id: of.organisationId, referentiel_version_id: version.id, status: "soumis" })
        .execute();
    const response = (await uploadAction({
      request: uploadRequest({ code: "1.1" }, { name: "a.pdf", bytes: samples.pdf }),
      params: {},
      context: contextFor(of.actor, store),
    })) as Response;
    expect(response.status).toBe(409);
    expect(await t.db.selectFrom("files").select("id").where("organisation_id", "=", of.organisationId).execute()).toEqual([]);
  });

  it("refuses funders (no OF scope)", async () => {
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin");
    expect(
      await thrownStatus(
        uploadAction({ request: uploadRequest({ code: "1.1" }, null), params: {}, context: contextFor(funder.actor, store) }),
      ),
    ).toBe(403);
  });
});
