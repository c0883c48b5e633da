import type { Executor } from "../executor";

/** A user's memberships with the organisation's kind and name, oldest first. */
export function listUserMemberships(db: Executor, userId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select([
      "memberships.organisation_id as organisationId",
      "organisations.kind as organisationKind",
      "organisations.name as organisationName",
      "memberships.role as role",
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.created_at")
    .execute();
}
