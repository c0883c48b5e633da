import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canManageCatalogue } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { inTransaction } from "../../db/transaction";
import { recordDomainEvent } from "../events/record-event";
import { hasForbiddenCharacters } from "../validation/fields";

export const REASON_MAX = 2000;

export interface CatalogueRow {
  organisationId: string;
  name: string;
  siret: string | null;
  region: string | null;
  city: string | null;
  status: string | null;
  reason: string | null;
  addedAt: Date;
  addedByName: string | null;
}

/** The funder's catalogue de référence, scoped by funder in the query. */
export async function listCatalogue(db: Executor, funderId: string): Promise<CatalogueRow[]> {
  const rows = await db
    .selectFrom("catalogue_entries")
    .innerJoin("organisations", "organisations.id", "catalogue_entries.organisation_id")
    .leftJoin("users", "users.id", "catalogue_entries.added_by")
    .select((eb) => [
      "organisations.id as organisationId",
      "organisations.name",
      "organisations.siret",
      "organisations.region",
      "organisations.city",
      "catalogue_entries.reason",
      "catalogue_entries.added_at as addedAt",
      "users.full_name as addedByName",
      eb
        .selectFrom("dossiers")
        .select("dossiers.status")
        .whereRef("dossiers.organisation_id", "=", "organisations.id")
        .orderBy("dossiers.created_at", "desc")
        .limit(1)
        .as("status"),
    ])
    .where("catalogue_entries.funder_id", "=", funderId)
    .orderBy("organisations.name")
    .execute();
  return rows.map((r) => ({ ...r, siret: r.siret?.trim() ?? null }));
}

export async function catalogueHistory(db: Executor, funderId: string, limit = 200) {
  return db
    .selectFrom("catalogue_history")
    .innerJoin("organisations", "organisations.id", "catalogue_history.organisation_id")
    .leftJoin("users", "users.id", "catalogue_history.actor_id")
    .select([
      "catalogue_history.id",
      "catalogue_history.action",
      "catalogue_history.reason",
      "catalogue_history.created_at as createdAt",
      "organisations.id as organisationId",
      "organisations.name",
      "users.full_name as actorName",
    ])
    .where("catalogue_history.funder_id", "=", funderId)
    .orderBy("catalogue_history.id", "desc")
    .limit(limit)
    .execute();
}

/** Whether the OF's latest dossier is datadocké (only such OFs enter a catalogue). */
export async function isDatadocke(db: Executor, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("dossiers")
    .select("status")
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.status === "datadocke";
}

function cleanReason(reason: string | null | undefined, required: boolean): string | null {
  const trimmed = reason?.trim() ?? "";
  if (required && !trimmed) throw invalid({ reason: ["catalogue.reasonRequired"] });
  if (trimmed.length > REASON_MAX) throw invalid({ reason: ["errors.tooLong"] });
  if (hasForbiddenCharacters(trimmed)) throw invalid({ reason: ["validation.text.controlCharacters"] });
  return trimmed || null;
}

/** Adds a datadocké OF to the funder's catalogue (with history and a catalogue.changed event). */
export async function addToCatalogue(
  db: Executor,
  actor: Actor | { userId: string | null; apiFunderId: string },
  input: { funderId: string; organisationId: string; reason?: string | null },
): Promise<void> {
  assertMayManage(actor, input.funderId);
  const reason = cleanReason(input.reason, false);
  await inTransaction(db, async (trx) => {
    const of = await trx
      .selectFrom("organisations")
      .select(["id", "siret"])
      .where("id", "=", input.organisationId)
      .where("kind", "=", "of")
      .executeTakeFirst();
    if (!of) throw new DomainError("not_found", "errors.notFound");
    if (!(await isDatadocke(trx, of.id))) throw new DomainError("conflict", "catalogue.notDatadocke");
    const inserted = await trx
      .insertInto("catalogue_entries")
      .values({ funder_id: input.funderId, organisation_id: of.id, reason, added_by: actor.userId })
      .onConflict((oc) => oc.columns(["funder_id", "organisation_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new DomainError("conflict", "catalogue.alreadyListed");
    await trx
      .insertInto("catalogue_history")
      .values({ funder_id: input.funderId, organisation_id: of.id, action: "added", reason, actor_id: actor.userId })
      .execute();
    await recordDomainEvent(trx, {
      type: "catalogue.changed",
      payload: { funderId: input.funderId, organisationId: of.id, siret: of.siret?.trim() ?? null, action: "added", reason },
    });
  });
}

/** Removes an OF from the funder's catalogue; a reason is required. */
export async function removeFromCatalogue(
  db: Executor,
  actor: Actor | { userId: string | null; apiFunderId: string },
  input: { funderId: string; organisationId: string; reason: string | null | undefined },
): Promise<void> {
  assertMayManage(actor, input.funderId);
  const reason = cleanReason(input.reason, true);
  await inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom("catalogue_entries")
      .where("funder_id", "=", input.funderId)
      .where("organisation_id", "=", input.organisationId)
      .returning("organisation_id")
      .executeTakeFirst();
    if (!removed) throw new DomainError("not_found", "catalogue.notListed");
    await recordRemoval(trx, input.funderId, input.organisationId, reason, actor.userId);
  });
}

/** History + catalogue.changed event for a removal already done (also used when an OF is déréférencé). */
export async function recordRemoval(
  db: Executor,
  funderId: string,
  organisationId: string,
  reason: string | null,
  actorId: string | null,
): Promise<void> {
  await db
    .insertInto("catalogue_history")
    .values({ funder_id: funderId, organisation_id: organisationId, action: "removed", reason, actor_id: actorId })
    .execute();
  const of = await db.selectFrom("organisations").select("siret").where("id", "=", organisationId).executeTakeFirst();
  await recordDomainEvent(db, {
    type: "catalogue.changed",
    payload: { funderId, organisationId, siret: of?.siret?.trim() ?? null, action: "removed", reason },
  });
}

function assertMayManage(actor: Actor | { userId: string | null; apiFunderId: string }, funderId: string): void {
  if ("apiFunderId" in actor) {
    if (actor.apiFunderId !== funderId) throw forbidden();
    return;
  }
  if (!canManageCatalogue(actor, funderId)) throw forbidden();
}

/** An OF by SIRET (14 digits, spaces allowed), or null. */
export async function findOfBySiret(db: Executor, siret: string): Promise<{ id: string; name: string } | null> {
  const digits = siret.replace(/\s/g, "");
  if (!/^\d{14}$/.test(digits)) return null;
  const row = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("siret", "=", digits)
    .where("kind", "=", "of")
    .executeTakeFirst();
  return row ?? null;
}
