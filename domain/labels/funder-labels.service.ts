import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { Actor } from "../permissions/actor";
import { funderIdOf } from "../permissions/actor-side";
import { canUseFunderLabels } from "../permissions/policy";
import { forbidden, invalid, notFound } from "../errors";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * A funder's own labels on dossiers and OFs (issue 15.4). Every function checks canUseFunderLabels for
 * the actor's funder and scopes its queries by that funder: another funder's label id finds nothing,
 * and no list ever carries another funder's labels. The coordination and OFs have none.
 */

export const LABEL_NAME_MAX = 60;

export type LabelTarget = { kind: "organisation"; id: string } | { kind: "dossier"; id: string };

export interface LabelRef {
  id: string;
  name: string;
}

/** The actor's funder when it may use labels; refused otherwise. */
function labelFunder(actor: Actor): string {
  const funderId = funderIdOf(actor);
  if (!funderId || !canUseFunderLabels(actor, funderId)) throw forbidden();
  return funderId;
}

/** The actor's funder's labels, by name; [] for anyone who has none (the coordination). */
export async function listFunderLabels(db: Executor, actor: Actor): Promise<LabelRef[]> {
  const funderId = funderIdOf(actor);
  if (!funderId || !canUseFunderLabels(actor, funderId)) return [];
  return db
    .selectFrom("funder_labels")
    .select(["id", "name"])
    .where("funder_id", "=", funderId)
    .orderBy(sql`lower(name)`)
    .execute();
}

/**
 * One target's label editor in one read: every label of the actor's funder, and those on the target
 * (both by name). Null for an actor without labels.
 */
export async function labelChoices(db: Executor, actor: Actor, target: LabelTarget): Promise<{ on: LabelRef[]; all: LabelRef[] } | null> {
  const funderId = funderIdOf(actor);
  if (!funderId || !canUseFunderLabels(actor, funderId)) return null;
  const rows = await db
    .selectFrom("funder_labels as l")
    .select(["l.id", "l.name"])
    .select((eb) =>
      (target.kind === "organisation"
        ? eb.exists(
            eb
              .selectFrom("organisation_labels as t")
              .select("t.label_id")
              .whereRef("t.label_id", "=", "l.id")
              .where("t.organisation_id", "=", target.id),
          )
        : eb.exists(
            eb
              .selectFrom("dossier_labels as t")
              .select("t.label_id")
              .whereRef("t.label_id", "=", "l.id")
              .where("t.dossier_id", "=", target.id),
          )
      ).as("on"),
    )
    .where("l.funder_id", "=", funderId)
    .orderBy(sql`lower(l.name)`)
    .execute();
  const all = rows.map((r) => ({ id: r.id, name: r.name }));
  return { on: all.filter((_, i) => rows[i]!.on), all };
}

/** A label id the actor may filter by (its own funder's), or undefined. */
export async function ownLabelId(db: Executor, actor: Actor, labelId: string | undefined): Promise<string | undefined> {
  if (!labelId) return undefined;
  const funderId = funderIdOf(actor);
  if (!funderId || !canUseFunderLabels(actor, funderId)) return undefined;
  const row = await db
    .selectFrom("funder_labels")
    .select("id")
    .where("id", "=", labelId)
    .where("funder_id", "=", funderId)
    .executeTakeFirst();
  return row?.id;
}

async function targetExists(db: Executor, target: LabelTarget): Promise<boolean> {
  const row =
    target.kind === "organisation"
      ? await db.selectFrom("organisations").select("id").where("id", "=", target.id).where("kind", "=", "of").executeTakeFirst()
      : await db.selectFrom("dossiers").select("id").where("id", "=", target.id).executeTakeFirst();
  return row !== undefined;
}

/**
 * A label's name as stored: trimmed, inner spaces collapsed; refused (field `field`) when empty, longer
 * than LABEL_NAME_MAX or holding control characters.
 */
export function labelName(name: string, field = "name"): string {
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (!trimmed) throw invalid({ [field]: ["errors.required"] });
  if (trimmed.length > LABEL_NAME_MAX) throw invalid({ [field]: ["labels.nameTooLong"] });
  if (hasForbiddenCharacters(trimmed)) throw invalid({ [field]: ["validation.text.controlCharacters"] });
  return trimmed;
}

/** Puts the label named `name` on the target, creating the label for the funder when it is new (same name, any case: the same label). */
export async function addLabel(db: Executor, actor: Actor, target: LabelTarget, name: string): Promise<LabelRef> {
  const funderId = labelFunder(actor);
  const trimmed = labelName(name);
  return inTransaction(db, async (trx) => {
    if (!(await targetExists(trx, target))) throw notFound();
    await sql`insert into funder_labels (funder_id, name, created_by) values (${funderId}, ${trimmed}, ${actor.userId})
              on conflict (funder_id, lower(name)) do nothing`.execute(trx);
    const label = await trx
      .selectFrom("funder_labels")
      .select(["id", "name"])
      .where("funder_id", "=", funderId)
      .where(sql`lower(name)`, "=", trimmed.toLowerCase())
      .executeTakeFirstOrThrow();
    if (target.kind === "organisation") {
      await trx
        .insertInto("organisation_labels")
        .values({ label_id: label.id, organisation_id: target.id, added_by: actor.userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else {
      await trx
        .insertInto("dossier_labels")
        .values({ label_id: label.id, dossier_id: target.id, added_by: actor.userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return label;
  });
}

/** Takes the actor's funder's label off the target; another funder's label id is not found. */
export async function removeLabel(db: Executor, actor: Actor, target: LabelTarget, labelId: string): Promise<void> {
  const funderId = labelFunder(actor);
  const own = await db
    .selectFrom("funder_labels")
    .select("id")
    .where("id", "=", labelId)
    .where("funder_id", "=", funderId)
    .executeTakeFirst();
  if (!own) throw notFound();
  if (target.kind === "organisation") {
    await db.deleteFrom("organisation_labels").where("label_id", "=", own.id).where("organisation_id", "=", target.id).execute();
  } else {
    await db.deleteFrom("dossier_labels").where("label_id", "=", own.id).where("dossier_id", "=", target.id).execute();
  }
}

/** The actor's funder's labels on each of the targets (one kind), by target id; empty for anyone without labels. */
export async function labelsOn(
  db: Executor,
  actor: Actor,
  kind: LabelTarget["kind"],
  ids: readonly string[],
): Promise<Record<string, LabelRef[]>> {
  const funderId = funderIdOf(actor);
  const out: Record<string, LabelRef[]> = {};
  if (!funderId || !canUseFunderLabels(actor, funderId) || ids.length === 0) return out;
  const rows =
    kind === "organisation"
      ? await db
          .selectFrom("organisation_labels as t")
          .innerJoin("funder_labels as l", "l.id", "t.label_id")
          .select(["t.organisation_id as target", "l.id", "l.name"])
          .where("l.funder_id", "=", funderId)
          .where("t.organisation_id", "in", ids)
          .orderBy(sql`lower(l.name)`)
          .execute()
      : await db
          .selectFrom("dossier_labels as t")
          .innerJoin("funder_labels as l", "l.id", "t.label_id")
          .select(["t.dossier_id as target", "l.id", "l.name"])
          .where("l.funder_id", "=", funderId)
          .where("t.dossier_id", "in", ids)
          .orderBy(sql`lower(l.name)`)
          .execute();
  for (const row of rows) (out[row.target] ??= []).push({ id: row.id, name: row.name });
  return out;
}
