import type { Executor } from "../../db/executor";
import type { StoredFile } from "../../db/schema";
import { DomainError } from "../errors";
import { organisationIdsOfKind, type Actor } from "../permissions/actor";
import { canActAsFunderSide } from "../permissions/policy";
import { isUuid } from "../validation/fields";

/**
 * A file an actor may read: an OF reads only its own organisation's files (scoped in the query);
 * funders and the coordination read the files OFs submit to them. Anyone else: not found.
 */
export async function findReadableFile(db: Executor, actor: Actor, fileId: string): Promise<StoredFile> {
  if (!isUuid(fileId)) throw new DomainError("not_found", "errors.notFound");
  let query = db.selectFrom("files").selectAll("files").where("files.id", "=", fileId);
  if (!canActAsFunderSide(actor)) {
    const own = organisationIdsOfKind(actor, "of");
    if (own.length === 0) throw new DomainError("not_found", "errors.notFound");
    query = query.where("files.organisation_id", "in", own);
  }
  const file = await query.executeTakeFirst();
  if (!file) throw new DomainError("not_found", "errors.notFound");
  return file;
}
