import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Executor } from "../../db/executor";
import type { StoredFile } from "../../db/schema";
import { DomainError } from "../errors";
import { sanitizeFileName } from "./file-name";
import type { FileStore } from "./file-store";
import { sniffFileType } from "./sniff-type";
import { formatNumber } from "../i18n/format";

/**
 * Receives one uploaded file as a stream: spools it to a private temporary file while counting and
 * hashing (stopping at the size limit), checks its type by content, then hands it to the store and
 * writes its `files` row. A refused upload writes nothing and says why (catalogue key).
 */
export interface UploadDeps {
  db: Executor;
  files: FileStore;
  maxBytes: number;
}

export interface IncomingFile {
  fileName: string;
  data: AsyncIterable<Uint8Array>;
}

export function tooLarge(maxBytes: number): DomainError {
  return new DomainError("validation", "upload.tooLarge", { max: formatMegabytes(maxBytes) }, { file: ["upload.tooLarge"] });
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return formatNumber(mb, 1);
}

async function spool(data: AsyncIterable<Uint8Array>, path: string, maxBytes: number) {
  const hash = createHash("sha256");
  let size = 0;
  const limited = async function* () {
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  };
  await pipeline(Readable.from(limited()), createWriteStream(path, { mode: 0o600 }));
  return { size, sha256: hash.digest("hex") };
}

export async function storeUpload(
  deps: UploadDeps,
  owner: { organisationId: string; userId: string },
  incoming: IncomingFile,
): Promise<StoredFile> {
  const dir = await mkdtemp(join(tmpdir(), "datadock-upload-"));
  const spoolPath = join(dir, "upload");
  try {
    const { size, sha256 } = await spool(incoming.data, spoolPath, deps.maxBytes);
    if (size === 0) throw new DomainError("validation", "upload.empty", {}, { file: ["upload.empty"] });
    const type = await sniffFileType(spoolPath);
    if (!type) throw new DomainError("validation", "upload.typeRefused", {}, { file: ["upload.typeRefused"] });
    const id = randomUUID();
    const ref = { id, storage_key: `${owner.organisationId}/${id}` };
    const row = await deps.db
      .insertInto("files")
      .values({
        id,
        organisation_id: owner.organisationId,
        store: deps.files.kind,
        storage_key: ref.storage_key,
        file_name: sanitizeFileName(incoming.fileName, type.ext),
        content_type: type.mime,
        size_bytes: size,
        sha256,
        uploaded_by: owner.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    try {
      await deps.files.write(ref, createReadStream(spoolPath));
    } catch (error) {
      await deps.files.remove(ref).catch(() => {});
      await deps.db.deleteFrom("files").where("id", "=", id).execute();
      throw error;
    }
    return row;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
