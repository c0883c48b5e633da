import type { Executor } from "../../db/executor";
import type { Dossier } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canActAsFunderSide, canCloseAlert, canControl, canDeList, canExamine } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { inTransaction } from "../../db/transaction";
import { actingOrganisationId, funderIdOf, funderSideOf } from "../permissions/actor-side";
import { applyStatusChange, lockDossier, recordStatusChanged } from "../examination/status-change";
import { eventActor } from "../events/domain-event";
import { recordRemoval } from "../catalogues/catalogue.service";
import { hasForbiddenCharacters } from "../validation/fields";

const REASON_MAX = 4000;

function requireReason(reason: string | null | undefined, field = "reason"): string {
  const trimmed = reason?.trim() ?? "";
  if (!trimmed) throw invalid({ [field]: [field === "reason" ? "controls.reasonRequired" : "controls.noteRequired"] });
  if (trimmed.length > REASON_MAX) throw invalid({ [field]: ["errors.tooLong"] });
  if (hasForbiddenCharacters(trimmed)) throw invalid({ [field]: ["validation.text.controlCharacters"] });
  return trimmed;
}

/** Any funder (or coordinator) raises an alert on an OF: a reason, optionally an attached file. */
export async function raiseAlert(
  db: Executor,
  actor: Actor,
  input: { organisationId: string; reason: string; fileId?: string | null },
): Promise<{ id: string }> {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const reason = requireReason(input.reason);
  return inTransaction(db, async (trx) => {
    const of = await trx
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", input.organisationId)
      .where("kind", "=", "of")
      .executeTakeFirst();
    if (!of) throw new DomainError("not_found", "errors.notFound");
    if (input.fileId) {
      // The attachment was uploaded by the actor's own organisation (never an OF's file).
      const own = actingOrganisationId(actor);
      const file = own
        ? await trx.selectFrom("files").select("id").where("id", "=", input.fileId).where("organisation_id", "=", own).executeTakeFirst()
        : undefined;
      if (!file) throw invalid({ attachment: ["controls.alertFileUnknown"] });
    }
    const alert = await trx
      .insertInto("alerts")
      .values({
        organisation_id: of.id,
        raised_by: actor.userId,
        raised_by_organisation_id: actingOrganisationId(actor),
        reason,
        file_id: input.fileId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const dossier = await trx
      .selectFrom("dossiers")
      .select("id")
      .where("organisation_id", "=", of.id)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    if (dossier) {
      await trx
        .insertInto("dossier_events")
        .values({ dossier_id: dossier.id, actor_id: actor.userId, kind: "alert.raised", payload: JSON.stringify({ alert_id: alert.id }) })
        .execute();
    }
    return alert;
  });
}

/** Closes an open alert with a closing note: the coordination, or the funder that raised it. Traced. */
export async function closeAlert(db: Executor, actor: Actor, input: { alertId: string; note: string }): Promise<void> {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const note = requireReason(input.note, "note");
  await inTransaction(db, async (trx) => {
    const alert = await trx
      .selectFrom("alerts")
      .select(["id", "organisation_id", "raised_by_organisation_id", "status"])
      .where("id", "=", input.alertId)
      .forUpdate()
      .executeTakeFirst();
    if (!alert) throw new DomainError("not_found", "errors.notFound");
    if (!canCloseAlert(actor, alert)) throw forbidden("controls.alertCloseForbidden");
    if (alert.status === "closed") throw new DomainError("conflict", "controls.alertAlreadyClosed");
    await trx
      .updateTable("alerts")
      .set({ status: "closed", closed_at: new Date(), closed_by: actor.userId, closing_note: note })
      .where("id", "=", alert.id)
      .execute();
    const dossier = await trx
      .selectFrom("dossiers")
      .select("id")
      .where("organisation_id", "=", alert.organisation_id)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    if (dossier) {
      await trx
        .insertInto("dossier_events")
        .values({ dossier_id: dossier.id, actor_id: actor.userId, kind: "alert.closed", payload: JSON.stringify({ alert_id: alert.id }) })
        .execute();
    }
  });
}

/** The alerts on an OF, newest first, with their closing; funder side only (never the OF). */
export async function listAlerts(db: Executor, actor: Actor, organisationId: string) {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const rows = await db
    .selectFrom("alerts")
    .leftJoin("users", "users.id", "alerts.raised_by")
    .leftJoin("users as closer", "closer.id", "alerts.closed_by")
    .leftJoin("organisations as funder", "funder.id", "alerts.raised_by_organisation_id")
    .leftJoin("files", "files.id", "alerts.file_id")
    .select([
      "alerts.id",
      "alerts.reason",
      "alerts.file_id as fileId",
      "files.file_name as fileName",
      "alerts.status",
      "alerts.created_at as createdAt",
      "alerts.raised_by_organisation_id",
      "alerts.closed_at as closedAt",
      "alerts.closing_note as closingNote",
      "closer.full_name as closedByName",
      "users.full_name as raisedByName",
      "funder.name as funderName",
    ])
    .where("alerts.organisation_id", "=", organisationId)
    .orderBy("alerts.created_at", "desc")
    .execute();
  return rows.map(({ raised_by_organisation_id, ...row }) => ({
    ...row,
    canClose: row.status === "open" && canCloseAlert(actor, { raised_by_organisation_id }),
  }));
}

/**
 * Opens a control on a datadocké OF: the chosen indicators go back to examination (their
 * validations become stale, so they must be decided again). The OF is told (in-app and by email)
 * by the notification handler, from the recorded status change.
 */
export async function openControl(
  db: Executor,
  actor: Actor,
  input: { dossierId: string; indicatorIds: string[]; reason: string; alertId?: string | null },
): Promise<Dossier> {
  if (!canControl(actor)) throw forbidden();
  const reason = requireReason(input.reason);
  const indicatorIds = [...new Set(input.indicatorIds)];
  if (indicatorIds.length === 0) throw invalid({ indicatorIds: ["controls.indicatorsRequired"] });
  return inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, input.dossierId);
    const known = await trx
      .selectFrom("indicators")
      .select(["id", "code"])
      .where("version_id", "=", dossier.referentiel_version_id)
      .where("id", "in", indicatorIds)
      .execute();
    if (known.length !== indicatorIds.length) throw invalid({ indicatorIds: ["controls.unknownIndicator"] });
    const codes = known.map((k) => k.code);
    const control = await trx
      .insertInto("controls")
      .values({ dossier_id: dossier.id, alert_id: input.alertId ?? null, opened_by: actor.userId, reason, indicator_ids: indicatorIds })
      .returning("id")
      .executeTakeFirstOrThrow();
    const next = await applyStatusChange(trx, {
      dossier,
      action: "open_control",
      side: funderSideOf(actor),
      actorId: actor.userId,
      eventKind: "control.opened",
      payload: { control_id: control.id, indicators: codes, reason },
      // A funder member opening a control takes the dossier; the coordination, which does not
      // decide, leaves it with its examiner (decision record 022).
      examinerId: canExamine(actor) ? actor.userId : undefined,
    });
    await recordStatusChanged(trx, dossier, next, "control", eventActor(actor), {
      control: { action: "opened", indicators: codes, reason },
    });
    await trx
      .updateTable("indicator_reviews")
      .set({ stale: true })
      .where("dossier_id", "=", dossier.id)
      .where("indicator_id", "in", indicatorIds)
      .execute();
    return next;
  });
}

/**
 * De-lists (déréférence) the OF: a funder admin with a written reason (decision record 022). Status
 * déréférencé, removed from every catalogue, recorded in de_listings (who, for which funder, when,
 * why), traced; the OF's users are told why by the notification handler, from the recorded status change.
 */
export async function dereference(db: Executor, actor: Actor, input: { dossierId: string; reason: string }): Promise<Dossier> {
  if (!canDeList(actor)) throw forbidden("controls.deListForbidden");
  if (!input.reason?.trim()) throw invalid({ reason: ["controls.deListReasonRequired"] });
  const reason = requireReason(input.reason);
  return inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, input.dossierId);
    const next = await applyStatusChange(trx, {
      dossier,
      action: "dereference",
      side: funderSideOf(actor),
      actorId: actor.userId,
      eventKind: "control.dereferenced",
      payload: { reason },
      decided: true,
    });
    await recordStatusChanged(trx, dossier, next, "control", eventActor(actor), { control: { action: "dereferenced", reason } });
    await trx
      .insertInto("de_listings")
      .values({
        organisation_id: dossier.organisation_id,
        dossier_id: dossier.id,
        decided_by: actor.userId,
        decided_by_organisation_id: funderIdOf(actor),
        reason,
      })
      .execute();
    await trx
      .updateTable("controls")
      .set({ closed_at: new Date() })
      .where("dossier_id", "=", dossier.id)
      .where("closed_at", "is", null)
      .execute();
    const removed = await trx
      .deleteFrom("catalogue_entries")
      .where("organisation_id", "=", dossier.organisation_id)
      .returning("funder_id")
      .execute();
    for (const r of removed) await recordRemoval(trx, r.funder_id, dossier.organisation_id, reason, actor.userId);
    return next;
  });
}

/** The de-listings of an OF, newest first, for the funders' space (never the OF's pages). */
export async function listDeListings(db: Executor, actor: Actor, organisationId: string) {
  if (!canActAsFunderSide(actor)) throw forbidden();
  return db
    .selectFrom("de_listings")
    .leftJoin("users", "users.id", "de_listings.decided_by")
    .leftJoin("organisations as funder", "funder.id", "de_listings.decided_by_organisation_id")
    .select([
      "de_listings.id",
      "de_listings.reason",
      "de_listings.created_at as createdAt",
      "users.full_name as decidedByName",
      "funder.name as funderName",
    ])
    .where("de_listings.organisation_id", "=", organisationId)
    .orderBy("de_listings.created_at", "desc")
    .execute();
}
