import type { Executor } from "../../db/executor";

/** Invitations are email_tokens of kind 'invitation', always scoped by organisation. */

/** Unused, unexpired invitations of one organisation, newest first. */
export function listPendingInvitations(db: Executor, organisationId: string, now: Date) {
  return db
    .selectFrom("email_tokens")
    .leftJoin("users as inviter", "inviter.id", "email_tokens.invited_by")
    .select([
      "email_tokens.id",
      "email_tokens.email",
      "email_tokens.role",
      "email_tokens.expires_at as expiresAt",
      "email_tokens.created_at as createdAt",
      "inviter.full_name as invitedByName",
    ])
    .where("email_tokens.kind", "=", "invitation")
    .where("email_tokens.organisation_id", "=", organisationId)
    .where("email_tokens.used_at", "is", null)
    .where("email_tokens.expires_at", ">", now)
    .orderBy("email_tokens.created_at", "desc")
    .execute();
}

/** Voids the pending invitations of an address to an organisation (a new one replaces them). */
export async function supersedeInvitations(db: Executor, organisationId: string, email: string, at: Date): Promise<void> {
  await db
    .updateTable("email_tokens")
    .set({ used_at: at })
    .where("kind", "=", "invitation")
    .where("organisation_id", "=", organisationId)
    .where("email", "=", email)
    .where("used_at", "is", null)
    .execute();
}

/** Pending invitation counts per organisation (coordination's funder list). */
export async function countPendingInvitationsByOrganisation(db: Executor, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("email_tokens")
    .select(["organisation_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("kind", "=", "invitation")
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .where("organisation_id", "is not", null)
    .groupBy("organisation_id")
    .execute();
  return new Map(rows.map((r) => [r.organisation_id as string, Number(r.n)]));
}
