import type { Executor } from "../../db/executor";
import type { Role } from "../../db/schema";
import { inTransaction } from "../../db/transaction";
import type { LiveHooks } from "../context";
import { conflict, notFound } from "../errors";
import { t } from "../i18n/translate";
import type { Actor } from "../permissions/actor";

/** Roles an organisation cannot be left without: its last holder hands over before leaving (decision record 039). */
const ADMIN_ROLES: readonly Role[] = ["of_admin", "funder_admin", "coordinator"];

/** The address a deleted account keeps: unique, never deliverable (.invalid, RFC 2606), no trace of the old one. */
export function deletedAccountEmail(userId: string): string {
  return `ancien-membre-${userId}@supprime.invalid`;
}

/**
 * A member deletes their own account (issue 14.8, decision record 039). The user row stays so that
 * what they wrote keeps an author, but it is anonymised: name "Ancien membre", an undeliverable
 * address, no password, disabled. Their memberships, sessions, pending tokens, notifications, read
 * marks and login throttles go; copies of their name (thread history, activity feed) are rewritten.
 *
 * The last administrator of an organisation (OF admin, funder admin, the last coordinator) cannot
 * delete their account: they invite another administrator first (the team page). The organisation
 * row is locked so that two last-but-one administrators leaving at once cannot both pass the check.
 */
export async function deleteOwnAccount(db: Executor, deps: { live?: LiveHooks }, actor: Actor): Promise<void> {
  const userId = actor.userId;
  await inTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "deleted_at"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user || user.deleted_at !== null) throw notFound();
    const memberships = await trx
      .selectFrom("memberships")
      .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
      .select(["memberships.organisation_id", "memberships.role", "organisations.name"])
      .where("memberships.user_id", "=", userId)
      .orderBy("organisations.name")
      .execute();
    for (const m of memberships.filter((m) => ADMIN_ROLES.includes(m.role))) {
      await trx.selectFrom("organisations").select("id").where("id", "=", m.organisation_id).forUpdate().executeTakeFirst();
      const others = await trx
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("memberships.organisation_id", "=", m.organisation_id)
        .where("memberships.role", "=", m.role)
        .where("memberships.user_id", "<>", userId)
        .where("users.disabled_at", "is", null)
        .where("users.deleted_at", "is", null)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) throw conflict("account.delete.lastAdmin", { organisation: m.name });
    }

    const name = t("account.delete.formerMember");
    await trx.deleteFrom("memberships").where("user_id", "=", userId).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx
      .deleteFrom("email_tokens")
      .where((eb) => eb.or([eb("user_id", "=", userId), eb("email", "=", user.email)]))
      .execute();
    await trx.deleteFrom("notifications").where("user_id", "=", userId).execute();
    await trx.deleteFrom("thread_reads").where("user_id", "=", userId).execute();
    await trx.deleteFrom("login_throttles").where("account", "=", user.email).execute();
    await trx.updateTable("thread_state_changes").set({ actor_name: name }).where("actor_id", "=", userId).execute();
    await trx.updateTable("activity_events").set({ actor_name: name }).where("actor_id", "=", userId).execute();
    const now = new Date();
    await trx
      .updateTable("users")
      .set({
        email: deletedAccountEmail(userId),
        full_name: name,
        password_hash: null,
        email_verified_at: null,
        disabled_at: now,
        deleted_at: now,
      })
      .where("id", "=", userId)
      .execute();
  });
  // After the commit: open sockets of this user are closed (their sessions are gone).
  deps.live?.userAccessChanged(userId);
}
