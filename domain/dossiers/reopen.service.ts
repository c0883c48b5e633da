import { formatLongDate } from "../i18n/format";
import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { Dossier } from "../../db/schema";
import { DomainError } from "../errors";
import type { Actor } from "../permissions/actor";
import { canReopenDossier } from "../permissions/policy";
import { reopenerSideOf } from "../permissions/actor-side";
import { applyStatusChange, lockDossier, recordStatusChanged } from "../examination/status-change";
import { eventActor } from "../events/domain-event";
import { isUuid } from "../validation/fields";

/**
 * The way back (issue 14.2, decision record 037). A dossier closed non conforme, or an OF
 * de-listed, starts a new examination round: status à compléter, answers and evidence carried
 * over, the closed round's decisions moved out of the current reviews (indicator_review_history
 * keeps every one, and listPreviousRoundDecisions shows them to funders beside the new answers).
 *
 * - The OF's admin reopens a non conforme dossier once every reason is answered: each indicator
 *   left à compléter or non conforme has a corrective action recorded since the closing.
 * - The OF's admin reopens after a de-listing once DELISTING_WAIT_DAYS have passed since it.
 * - A coordinator reopens either at any time (an error, an appeal).
 * The OF and the funder staff who examined the closed round are told (server/events).
 */
export const DELISTING_WAIT_DAYS = 90;

/** The indicators whose reason still has no corrective action since the closing (non conforme). */
export async function unansweredReasonCodes(db: Executor, dossier: Pick<Dossier, "id" | "decided_at">): Promise<string[]> {
  const since = dossier.decided_at ?? new Date(0);
  const rows = await db
    .selectFrom("indicator_reviews as r")
    .innerJoin("indicators as i", "i.id", "r.indicator_id")
    .innerJoin("criteria as cr", "cr.id", "i.criterion_id")
    .select("i.code")
    .where("r.dossier_id", "=", dossier.id)
    .where("r.decision", "in", ["a_completer", "non_conforme"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("corrective_actions as c")
            .select("c.id")
            .whereRef("c.dossier_id", "=", "r.dossier_id")
            .whereRef("c.indicator_id", "=", "r.indicator_id")
            .where("c.created_at", ">=", since),
        ),
      ),
    )
    .orderBy("cr.number")
    .orderBy("i.position")
    .execute();
  return rows.map((r) => r.code);
}

/** The first day the OF may reopen after its last de-listing (null: never de-listed). */
export async function reopenAllowedFrom(db: Executor, dossierId: string): Promise<Date | null> {
  const row = await db
    .selectFrom("de_listings")
    .select(sql<Date>`max(created_at)`.as("at"))
    .where("dossier_id", "=", dossierId)
    .executeTakeFirst();
  if (!row?.at) return null;
  return new Date(new Date(row.at).getTime() + DELISTING_WAIT_DAYS * 86_400_000);
}

/** What the OF's page shows about the way back: may it reopen now, and if not why. */
export interface ReopenState {
  possible: boolean;
  unansweredCodes: string[];
  allowedFrom: Date | null;
}

export async function reopenState(db: Executor, dossier: Dossier, now = new Date()): Promise<ReopenState> {
  if (dossier.status === "non_conforme") {
    const unansweredCodes = await unansweredReasonCodes(db, dossier);
    return { possible: unansweredCodes.length === 0, unansweredCodes, allowedFrom: null };
  }
  if (dossier.status === "dereference") {
    const allowedFrom = await reopenAllowedFrom(db, dossier.id);
    return { possible: !allowedFrom || allowedFrom <= now, unansweredCodes: [], allowedFrom };
  }
  return { possible: false, unansweredCodes: [], allowedFrom: null };
}

/** The funder staff who examined the dossier's current round: examiner, co-examiners, deciders. */
async function examinedBy(db: Executor, dossier: Dossier, roundOpenedAt: Date | null): Promise<string[]> {
  let deciders = db
    .selectFrom("indicator_review_history")
    .select("decided_by as id")
    .where("dossier_id", "=", dossier.id)
    .where("decided_by", "is not", null);
  if (roundOpenedAt) deciders = deciders.where("created_at", ">=", roundOpenedAt);
  const [rows, co] = await Promise.all([
    deciders.execute(),
    db.selectFrom("dossier_co_examiners").select("user_id as id").where("dossier_id", "=", dossier.id).execute(),
  ]);
  const ids = new Set<string>();
  if (dossier.examiner_id) ids.add(dossier.examiner_id);
  for (const r of [...rows, ...co]) if (r.id) ids.add(r.id);
  return [...ids];
}

/** When the dossier's current round opened (null: round 1, opened with the dossier). */
export async function currentRoundOpenedAt(db: Executor, dossier: Pick<Dossier, "id" | "round">): Promise<Date | null> {
  if (dossier.round <= 1) return null;
  const row = await db
    .selectFrom("dossier_rounds")
    .select("opened_at")
    .where("dossier_id", "=", dossier.id)
    .where("round", "=", dossier.round)
    .executeTakeFirst();
  return row?.opened_at ?? null;
}

/**
 * Starts a new round of a closed dossier (non conforme or déréférencé → à compléter), on the
 * conditions above. The OF then completes and resubmits it as usual (submitDossier).
 */
export async function reopenDossier(db: Executor, actor: Actor, dossierId: string, now = new Date()): Promise<Dossier> {
  if (!isUuid(dossierId)) throw new DomainError("not_found", "errors.notFound");
  return inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, dossierId);
    // Anyone else (another OF, a funder) does not learn the dossier exists.
    if (!canReopenDossier(actor, dossier.organisation_id)) throw new DomainError("not_found", "errors.notFound");
    const side = reopenerSideOf(actor);
    if (side === "of") {
      const state = await reopenState(trx, dossier, now);
      if (dossier.status === "non_conforme" && state.unansweredCodes.length > 0) {
        throw new DomainError(
          "validation",
          "dossier.reopen.reasonsUnanswered",
          { count: state.unansweredCodes.length, codes: state.unansweredCodes.join(", ") },
          Object.fromEntries(state.unansweredCodes.map((code) => [code, ["dossier.reopen.answerReason"]])),
        );
      }
      if (dossier.status === "dereference" && !state.possible && state.allowedFrom) {
        throw new DomainError("conflict", "dossier.reopen.tooEarly", { date: formatLongDate(state.allowedFrom) });
      }
    }
    const openedAt = await currentRoundOpenedAt(trx, dossier);
    const examiners = await examinedBy(trx, dossier, openedAt);
    const round = dossier.round + 1;
    const reopened = await applyStatusChange(trx, {
      dossier,
      action: "reopen",
      side,
      actorId: actor.userId,
      eventKind: "dossier.reopened",
      payload: { round },
      // A new round goes back to the queue: whoever takes it examines it (co-examiners reset).
      examinerId: null,
    });
    const updated = await trx
      .updateTable("dossiers")
      // submitted_at stays: what the OF changes from now on is marked as changed for the examiners.
      .set({ round })
      .where("id", "=", dossier.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("dossier_rounds")
      .values({ dossier_id: dossier.id, round, from_status: dossier.status, opened_by: actor.userId, opened_at: now })
      .execute();
    // The closed round's decisions leave the current reviews (the history keeps them): every
    // indicator is examined again; nothing is marked as changed until the OF changes it.
    await trx.deleteFrom("indicator_reviews").where("dossier_id", "=", dossier.id).execute();
    await trx
      .updateTable("indicator_answers")
      .set({ changed_since_submission: false, changed_at_last_submission: false })
      .where("dossier_id", "=", dossier.id)
      .execute();
    const organisation = await trx
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", dossier.organisation_id)
      .executeTakeFirstOrThrow();
    await recordStatusChanged(trx, dossier, reopened, "reopen", eventActor(actor), {
      detail: "rouvert",
      reopen: { round, examinedBy: examiners, organisationName: organisation.name },
    });
    return updated;
  });
}
