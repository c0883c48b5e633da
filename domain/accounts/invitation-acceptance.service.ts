import type { Executor } from "../../db/executor";
import type { EmailToken, OrganisationKind, Role } from "../../db/schema";
import { inTransaction, uniqueViolation } from "../../db/transaction";
import { findOrganisationById } from "../organisations/organisations.queries";
import { insertMembership, listUserMemberships, organisationKindsOfUser } from "./memberships.queries";
import { findUserByEmail, findUserById, insertUser, markEmailVerified } from "./users.queries";
import { DomainError, invalid, notFound } from "../errors";
import { invitationAcceptanceSchema, parseInput, type InvitationAcceptanceInput } from "./accounts.schema";
import { clock, type AccountDeps } from "./deps";
import { checkEmailToken, consumeEmailToken } from "./email-tokens";
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";
import { createSession } from "./session.service";
import type { LoginMeta, LoginResult } from "./login.service";

export interface InvitationDetails {
  email: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  role: Role;
  inviterName: string | null;
  /** An account exists for the address: the page asks for its password only. */
  existingUser: boolean;
  expiresAt: Date;
}

async function loadInvitation(db: Executor, token: string, now: Date) {
  const row = await checkEmailToken(db, "invitation", token, now);
  const organisation = row.organisation_id ? await findOrganisationById(db, row.organisation_id) : undefined;
  if (!organisation || !row.role) throw notFound("auth.invitation.unknown");
  return { row: row as EmailToken & { role: Role }, organisation };
}

/** What the invitation page shows, or the token's DomainError (auth.invitation.unknown/used/expired). */
export async function describeInvitation(db: Executor, token: string, options: { now?: () => Date } = {}): Promise<InvitationDetails> {
  const { row, organisation } = await loadInvitation(db, token, clock(options));
  const inviter = row.invited_by ? await findUserById(db, row.invited_by) : undefined;
  const user = await findUserByEmail(db, row.email);
  return {
    email: row.email,
    organisationId: organisation.id,
    organisationName: organisation.name,
    organisationKind: organisation.kind,
    role: row.role,
    inviterName: inviter ? inviter.full_name || inviter.email : null,
    existingUser: user !== undefined,
    expiresAt: new Date(row.expires_at),
  };
}

/**
 * Accepts an invitation. A new address creates the account (name, password; email verified by the
 * link); an existing account proves itself with its password (throttled like a login). The
 * membership is created, the token used, and a session opened.
 */
export async function acceptInvitation(
  db: Executor,
  deps: Pick<AccountDeps, "live" | "now">,
  token: string,
  input: InvitationAcceptanceInput,
  meta: Omit<LoginMeta, "now">,
): Promise<LoginResult & { organisationId: string }> {
  const now = clock(deps);
  const { row, organisation } = await loadInvitation(db, token, now);
  const existing = await findUserByEmail(db, row.email);
  const value = parseInput(invitationAcceptanceSchema(existing !== undefined), input) as InvitationAcceptanceInput;

  let passwordHash: string | null = null;
  if (existing) {
    const key = { email: existing.email, ip: meta.ip };
    await assertLoginAllowed(db, key, now);
    if (!existing.password_hash || !(await verifyPassword(existing.password_hash, value.password))) {
      await recordLoginFailure(db, key, now);
      throw invalid({ password: ["auth.invitation.wrongPassword"] });
    }
    await clearLoginFailures(db, key);
    if (existing.disabled_at !== null) throw new DomainError("forbidden", "auth.login.disabled");
    const kinds = await organisationKindsOfUser(db, existing.id);
    if (kinds.some((kind) => kind !== organisation.kind)) throw new DomainError("conflict", "auth.invitation.otherKind");
  } else {
    passwordHash = await hashPassword(value.password);
  }

  const session = await inTransaction(db, async (trx) => {
    await consumeEmailToken(trx, row, now);
    const userId = existing
      ? existing.id
      : await insertUser(trx, { email: row.email, fullName: value.fullName ?? "", passwordHash: passwordHash!, emailVerifiedAt: now });
    if (existing) await markEmailVerified(trx, userId, now);
    await insertMembership(trx, { userId, organisationId: organisation.id, role: row.role });
    const created = await createSession(trx, userId, { ip: meta.ip, userAgent: meta.userAgent }, now);
    return { ...created, userId };
  }).catch((error: unknown) => {
    // An account created for the address since the page was shown (sign-up or another invitation).
    if (uniqueViolation(error)?.includes("email")) throw new DomainError("conflict", "auth.invitation.accountExists");
    throw error;
  });
  if (existing) deps.live?.userAccessChanged(existing.id);

  const user = (await findUserById(db, session.userId))!;
  const memberships = await listUserMemberships(db, user.id);
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    organisationId: organisation.id,
    actor: { userId: user.id, email: user.email, fullName: user.full_name, memberships },
  };
}
