import type { Executor } from "../../db/executor";
import type { FileStore } from "./file-store";

/**
 * Undoing a stored upload lives apart from the upload pipeline: route modules import it, and the
 * pipeline's content inspection (file-type, yauzl) must stay out of the browser bundle.
 * Undoes a stored upload whose use was then refused (e.g. the dossier became read-only meanwhile).
 */
export async function discardUpload(deps: { db: Executor; files: FileStore }, organisationId: string, fileId: string): Promise<void> {
  const row = await deps.db
    .selectFrom("files")
    .select(["id", "storage_key"])
    .where("id", "=", fileId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) return;
  await deps.db.deleteFrom("files").where("id", "=", row.id).execute();
  await deps.files.remove(row).catch(() => {});
}
