import type { Executor } from "../../db/executor";
import type { FunderNoteKind } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canActAsFunderSide } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { actingOrganisationId } from "../permissions/actor-side";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * The funders' closed space: notes, documents and comments about an OF, visible to funders and
 * coordinators only. Every function checks the actor first, so an OF asking by id gets "forbidden"
 * before any query runs.
 */

const KINDS: readonly FunderNoteKind[] = ["note", "comment", "document"];
const BODY_MAX = 10_000;

export async function listNotes(db: Executor, actor: Actor, organisationId: string) {
  if (!canActAsFunderSide(actor)) throw forbidden();
  return db
    .selectFrom("funder_notes")
    .leftJoin("users", "users.id", "funder_notes.author_id")
    .leftJoin("organisations as author_org", "author_org.id", "funder_notes.author_organisation_id")
    .select([
      "funder_notes.id",
      "funder_notes.kind",
      "funder_notes.body",
      "funder_notes.file_id as fileId",
      "funder_notes.created_at as createdAt",
      "users.full_name as authorName",
      "author_org.name as authorOrganisation",
    ])
    .where("funder_notes.organisation_id", "=", organisationId)
    .orderBy("funder_notes.created_at", "desc")
    .execute();
}

export async function getNote(db: Executor, actor: Actor, noteId: string) {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const note = await db.selectFrom("funder_notes").selectAll().where("id", "=", noteId).executeTakeFirst();
  if (!note) throw new DomainError("not_found", "errors.notFound");
  return note;
}

export async function addNote(
  db: Executor,
  actor: Actor,
  input: { organisationId: string; kind: string; body: string; fileId?: string | null },
): Promise<{ id: string }> {
  if (!canActAsFunderSide(actor)) throw forbidden();
  if (!KINDS.includes(input.kind as FunderNoteKind)) throw invalid({ kind: ["errors.validation"] });
  const body = input.body?.trim() ?? "";
  if (!body) throw invalid({ body: ["errors.required"] });
  if (body.length > BODY_MAX) throw invalid({ body: ["errors.tooLong"] });
  if (hasForbiddenCharacters(body)) throw invalid({ body: ["validation.text.controlCharacters"] });
  const of = await db
    .selectFrom("organisations")
    .select("id")
    .where("id", "=", input.organisationId)
    .where("kind", "=", "of")
    .executeTakeFirst();
  if (!of) throw new DomainError("not_found", "errors.notFound");
  return db
    .insertInto("funder_notes")
    .values({
      organisation_id: of.id,
      author_id: actor.userId,
      author_organisation_id: actingOrganisationId(actor),
      kind: input.kind as FunderNoteKind,
      body,
      file_id: input.fileId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}
