import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { LiveHooks } from "../context";
import { DomainError, forbidden, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { canManageFunders } from "../permissions/policy";
import { logCoordinationAction } from "./coordination-log";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * Funder revocation by the coordination. One timestamp marks everything the revocation switched off:
 * the organisation (deactivated_at), its members' accounts (users.disabled_at) and its webhooks
 * (webhooks.disabled_at). Their sessions are revoked and their open sockets closed (live hook); API
 * keys are refused while the funder is deactivated (authenticateApiKey). Reactivation switches back on
 * exactly what carries that timestamp, so an account or webhook disabled for another reason stays off.
 */

const NOTE_MAX = 2000;

export interface RevocationDeps {
  live?: Pick<LiveHooks, "userAccessChanged">;
  now?: () => Date;
}

async function lockFunder(db: Executor, funderId: string) {
  const funder = await db
    .selectFrom("organisations")
    .select(["id", "name", "deactivated_at"])
    .where("id", "=", funderId)
    .where("kind", "=", "funder")
    .forUpdate()
    .executeTakeFirst();
  if (!funder) throw new DomainError("not_found", "errors.notFound");
  return funder;
}

/** Members of the funder whose only memberships are funders being switched off (a coordinator stays). */
function membersOf(db: Executor, funderId: string) {
  return db
    .selectFrom("memberships as m")
    .select("m.user_id")
    .where("m.organisation_id", "=", funderId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("memberships as other")
            .innerJoin("organisations as o", "o.id", "other.organisation_id")
            .select("other.id")
            .whereRef("other.user_id", "=", "m.user_id")
            .where("other.organisation_id", "<>", funderId)
            .where("o.deactivated_at", "is", null),
        ),
      ),
    );
}

export async function deactivateFunder(
  db: Executor,
  actor: Actor,
  funderId: string,
  note: string | null | undefined,
  deps: RevocationDeps = {},
): Promise<{ disabledUsers: number; revokedSessions: number; disabledWebhooks: number }> {
  if (!canManageFunders(actor)) throw forbidden();
  const trimmed = note?.trim() ?? "";
  if (trimmed.length > NOTE_MAX) throw invalid({ note: ["errors.tooLong"] });
  if (hasForbiddenCharacters(trimmed)) throw invalid({ note: ["validation.text.controlCharacters"] });
  const at = deps.now ? deps.now() : new Date();
  const result = await inTransaction(db, async (trx) => {
    const funder = await lockFunder(trx, funderId);
    if (funder.deactivated_at) throw new DomainError("conflict", "funderRevocation.alreadyDeactivated");
    await trx.updateTable("organisations").set({ deactivated_at: at, updated_at: at }).where("id", "=", funder.id).execute();
    const users = await trx
      .updateTable("users")
      .set({ disabled_at: at })
      .where("id", "in", membersOf(trx, funder.id))
      .where("disabled_at", "is", null)
      .returning("id")
      .execute();
    const userIds = (await membersOf(trx, funder.id).execute()).map((m) => m.user_id);
    const sessions =
      userIds.length === 0
        ? []
        : await trx
            .updateTable("sessions")
            .set({ revoked_at: at })
            .where("user_id", "in", userIds)
            .where("revoked_at", "is", null)
            .returning("id")
            .execute();
    // Pending invitations to the funder can no longer be accepted.
    await trx
      .updateTable("email_tokens")
      .set({ expires_at: at })
      .where("organisation_id", "=", funder.id)
      .where("kind", "=", "invitation")
      .where("used_at", "is", null)
      .where("expires_at", ">", at)
      .execute();
    const webhooks = await trx
      .updateTable("webhooks")
      .set({ disabled_at: at })
      .where("funder_id", "=", funder.id)
      .where("disabled_at", "is", null)
      .returning("id")
      .execute();
    await logCoordinationAction(trx, {
      actorId: actor.userId,
      action: "funder.deactivated",
      subjectId: funder.id,
      payload: { funder: funder.name, note: trimmed || null, users: users.length, sessions: sessions.length, webhooks: webhooks.length },
    });
    return { userIds, disabledUsers: users.length, revokedSessions: sessions.length, disabledWebhooks: webhooks.length };
  });
  // After the commit: their open sockets (Yjs, socket.io) close.
  for (const userId of result.userIds) deps.live?.userAccessChanged(userId);
  return { disabledUsers: result.disabledUsers, revokedSessions: result.revokedSessions, disabledWebhooks: result.disabledWebhooks };
}

export async function reactivateFunder(
  db: Executor,
  actor: Actor,
  funderId: string,
): Promise<{ enabledUsers: number; enabledWebhooks: number }> {
  if (!canManageFunders(actor)) throw forbidden();
  return inTransaction(db, async (trx) => {
    const funder = await lockFunder(trx, funderId);
    const at = funder.deactivated_at;
    if (!at) throw new DomainError("conflict", "funderRevocation.notDeactivated");
    await trx
      .updateTable("organisations")
      .set({ deactivated_at: null, updated_at: sql`now()` })
      .where("id", "=", funder.id)
      .execute();
    const users = await trx
      .updateTable("users")
      .set({ disabled_at: null })
      .where("disabled_at", "=", at)
      .where("id", "in", (eb) => eb.selectFrom("memberships").select("user_id").where("organisation_id", "=", funder.id))
      .returning("id")
      .execute();
    const webhooks = await trx
      .updateTable("webhooks")
      .set({ disabled_at: null })
      .where("funder_id", "=", funder.id)
      .where("disabled_at", "=", at)
      .returning("id")
      .execute();
    await logCoordinationAction(trx, {
      actorId: actor.userId,
      action: "funder.reactivated",
      subjectId: funder.id,
      payload: { funder: funder.name, users: users.length, webhooks: webhooks.length },
    });
    return { enabledUsers: users.length, enabledWebhooks: webhooks.length };
  });
}

/** Each funder's revocation state, for the coordination's funders page. */
export async function funderRevocationStates(db: Executor, actor: Actor) {
  if (!canManageFunders(actor)) throw forbidden();
  const rows = await db.selectFrom("organisations").select(["id", "deactivated_at"]).where("kind", "=", "funder").execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.deactivated_at ? r.deactivated_at.toISOString() : null])) as Record<
    string,
    string | null
  >;
}

/** Refuses to staff a revoked funder (invitations would recreate access the revocation removed). */
export async function assertFunderActive(db: Executor, funderId: string): Promise<void> {
  const row = await db
    .selectFrom("organisations")
    .select("deactivated_at")
    .where("id", "=", funderId)
    .where("kind", "=", "funder")
    .executeTakeFirst();
  if (row?.deactivated_at) throw invalid({ organisationId: ["funderRevocation.inviteRefused"] });
}
