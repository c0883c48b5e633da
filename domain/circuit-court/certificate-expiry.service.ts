import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { recordDomainEvent } from "../events/record-event";

/**
 * The daily check of circuit-court certificates (issue 14.4, decision record 037), run by the
 * server's daily jobs (server/jobs). Validated, current certificates only:
 * - expiring within EXPIRY_NOTICE_DAYS: the OF is told once (expiry_warned_at);
 * - expired: the OF and the funder staff of its dossier are told once (expired_notified_at). From that
 *   day evidence is required again: the exemption is computed at read (isCertificateValid), so
 *   nothing else changes here. A new declaration withdraws the old certificate and starts afresh.
 * Each row is claimed by its flag in one UPDATE … RETURNING: two instances never tell twice.
 */
export const EXPIRY_NOTICE_DAYS = 60;

export interface ExpiryCheckResult {
  warned: number;
  expired: number;
}

async function funderStaffOf(db: Executor, organisationId: string): Promise<{ dossierId: string | null; userIds: string[] }> {
  const dossier = await db
    .selectFrom("dossiers")
    .select(["id", "examiner_id"])
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!dossier) return { dossierId: null, userIds: [] };
  const [deciders, co] = await Promise.all([
    db
      .selectFrom("indicator_review_history")
      .select("decided_by as id")
      .distinct()
      .where("dossier_id", "=", dossier.id)
      .where("decided_by", "is not", null)
      .execute(),
    db.selectFrom("dossier_co_examiners").select("user_id as id").where("dossier_id", "=", dossier.id).execute(),
  ]);
  const ids = new Set<string>();
  if (dossier.examiner_id) ids.add(dossier.examiner_id);
  for (const r of [...deciders, ...co]) if (r.id) ids.add(r.id);
  return { dossierId: dossier.id, userIds: [...ids] };
}

export async function checkCertificateExpiries(db: Executor, today: string): Promise<ExpiryCheckResult> {
  return inTransaction(db, async (trx) => {
    const warned = await trx
      .updateTable("circuit_court_certificates as c")
      .set({ expiry_warned_at: sql`now()` })
      .from("organisations as o")
      .whereRef("o.id", "=", "c.organisation_id")
      .where("c.review_status", "=", "validated")
      .where("c.withdrawn_at", "is", null)
      .where("c.expiry_warned_at", "is", null)
      .where(sql<boolean>`c.valid_to >= ${today}::date and c.valid_to <= ${today}::date + ${EXPIRY_NOTICE_DAYS}::int`)
      .returning(["c.id", "c.organisation_id", "o.name", sql<string>`c.valid_to::text`.as("valid_to")])
      .execute();
    for (const row of warned) {
      await recordDomainEvent(trx, {
        type: "circuit_court.expiry",
        payload: {
          organisationId: row.organisation_id,
          organisationName: row.name,
          certificateId: row.id,
          validTo: row.valid_to,
          stage: "expiring",
          funderUserIds: [],
          dossierId: null,
        },
      });
    }
    const expired = await trx
      .updateTable("circuit_court_certificates as c")
      .set({ expired_notified_at: sql`now()` })
      .from("organisations as o")
      .whereRef("o.id", "=", "c.organisation_id")
      .where("c.review_status", "=", "validated")
      .where("c.withdrawn_at", "is", null)
      .where("c.expired_notified_at", "is", null)
      .where(sql<boolean>`c.valid_to < ${today}::date`)
      .returning(["c.id", "c.organisation_id", "o.name", sql<string>`c.valid_to::text`.as("valid_to")])
      .execute();
    for (const row of expired) {
      const staff = await funderStaffOf(trx, row.organisation_id);
      await recordDomainEvent(trx, {
        type: "circuit_court.expiry",
        payload: {
          organisationId: row.organisation_id,
          organisationName: row.name,
          certificateId: row.id,
          validTo: row.valid_to,
          stage: "expired",
          funderUserIds: staff.userIds,
          dossierId: staff.dossierId,
        },
      });
    }
    return { warned: warned.length, expired: expired.length };
  });
}
