import yauzl from "yauzl";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createPostgresFileStore } from "../../domain/files/postgres-file-store";

/** Every entry of a ZIP (an export read back): name → bytes. */
export async function unzipEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  await new Promise<void>((done, fail) => {
    zip.on("error", fail);
    zip.on("end", () => done());
    zip.on("entry", (entry: yauzl.Entry) => {
      zip
        .openReadStreamPromise(entry)
        .then(async (stream) => {
          const parts: Buffer[] = [];
          for await (const chunk of stream) parts.push(Buffer.from(chunk as Uint8Array));
          entries.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        })
        .catch(fail);
    });
    zip.readEntry();
  });
  return entries;
}

/** A real PDF file in the PostgreSQL store (the test load context's store), under `storageKey`; its id. */
export async function storedPdf(
  db: Kysely<Database>,
  organisationId: string,
  storageKey: string,
  name: string,
  bytes: Buffer,
): Promise<string> {
  const row = await db
    .insertInto("files")
    .values({
      organisation_id: organisationId,
      store: "postgres",
      storage_key: storageKey,
      file_name: name,
      content_type: "application/pdf",
      size_bytes: bytes.byteLength,
      sha256: "0".repeat(64),
    })
    .returning(["id", "storage_key"])
    .executeTakeFirstOrThrow();
  await createPostgresFileStore(db, 1024).write(
    row,
    (async function* () {
      yield bytes;
    })(),
  );
  return row.id;
}
