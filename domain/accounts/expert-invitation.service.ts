import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError } from "../errors";
import type { Actor } from "../permissions/actor";
import { formatDate, formatLongDateTime } from "../i18n/format";
import { translate } from "../i18n/translate";
import type { OutgoingMail } from "../mail/mailer";
import { invitationAcceptanceSchema, parseInput, type InvitationAcceptanceInput } from "./accounts.schema";
import { clock, sendAfterCommit, type AccountDeps } from "./deps";
import { closeOutstandingTokens } from "./email-tokens.queries";
import { checkEmailToken, consumeEmailToken, issueEmailToken } from "./email-tokens";
import { listUserMemberships } from "./memberships.queries";
import { hashPassword } from "./password";
import { createSession } from "./session.service";
import { findUserByEmail, findUserById, insertPasswordlessUser, markEmailVerified, setUpAccount } from "./users.queries";
import type { LoginMeta, LoginResult } from "./login.service";

/**
 * The accounts side of expert opinions (issue 15.7, decision record 044). A person asked for an opinion
 * is an account: a funder's member already has one; an outside expert gets one without password nor
 * membership, and a mailed link of kind `expert_invitation` (the same email_tokens as every account
 * link: hashed, one use, 14 days) lets them choose their name and password. What they may then reach is
 * decided by their requests (canActAsExpert), never by the account. The mail carries a one-time link,
 * so it is sent here after the commit, not through the outbox (like every account mail).
 */

export interface ExpertCandidate {
  userId: string;
  email: string;
  fullName: string;
  /** The account has a password: it logs in; otherwise it needs the invitation link. */
  activated: boolean;
  disabled: boolean;
  /** The candidate as the policy sees them (their memberships). */
  actor: Actor;
}

async function candidate(db: Executor, user: Awaited<ReturnType<typeof findUserById>>): Promise<ExpertCandidate | undefined> {
  if (!user) return undefined;
  const memberships = await listUserMemberships(db, user.id);
  return {
    userId: user.id,
    email: user.email,
    fullName: user.full_name || user.email,
    activated: user.password_hash !== null,
    disabled: user.disabled_at !== null,
    actor: { userId: user.id, email: user.email, fullName: user.full_name, memberships },
  };
}

/** The account of an address (stored lower-case), with its memberships; undefined when there is none. */
export async function expertCandidateByEmail(db: Executor, email: string): Promise<ExpertCandidate | undefined> {
  return candidate(db, await findUserByEmail(db, email));
}

/** The account of an id (a member picked from a list), with its memberships. */
export async function expertCandidateById(db: Executor, userId: string): Promise<ExpertCandidate | undefined> {
  return candidate(db, await findUserById(db, userId));
}

/** A new outside expert's account, in the caller's transaction: no password, no membership, address unverified. */
export async function createOutsideExpertAccount(db: Executor, account: { email: string; fullName: string }): Promise<ExpertCandidate> {
  const userId = await insertPasswordlessUser(db, account);
  return {
    userId,
    email: account.email,
    fullName: account.fullName || account.email,
    activated: false,
    disabled: false,
    actor: { userId, email: account.email, fullName: account.fullName, memberships: [] },
  };
}

/** The link that sets up an outside expert's account (in the caller's transaction); it voids their earlier ones. */
export async function issueExpertInvitation(
  db: Executor,
  invitation: { email: string; userId: string; invitedBy: string },
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  await closeOutstandingTokens(db, "expert_invitation", invitation.userId, now);
  return issueEmailToken(
    db,
    { kind: "expert_invitation", email: invitation.email, userId: invitation.userId, invitedBy: invitation.invitedBy },
    now,
  );
}

/** Voids an outside expert's unused links (their last standing request was withdrawn), in the caller's transaction. */
export async function voidExpertInvitations(db: Executor, userId: string, now: Date): Promise<void> {
  await closeOutstandingTokens(db, "expert_invitation", userId, now);
}

export function expertInvitationEmail(
  to: string,
  p: { inviterName: string; organisationName: string; dueOn: string; link: string; expiresAt: Date },
): OutgoingMail {
  const params = {
    inviter: p.inviterName,
    organisation: p.organisationName,
    due: formatDate(p.dueOn),
    link: p.link,
    expires: formatLongDateTime(p.expiresAt),
  };
  return {
    to,
    subject: translate("experts.mail.invitation.subject", params),
    text: `${translate("experts.mail.invitation.body", params)}\n\n${translate("auth.mail.signature")}\n`,
  };
}

/** Mails the invitation once the request is committed; false when the mail could not be sent (the request stands). */
export async function mailExpertInvitation(
  deps: Pick<AccountDeps, "mailer" | "publicUrl">,
  to: string,
  p: { inviterName: string; organisationName: string; dueOn: string; token: string; expiresAt: Date },
): Promise<boolean> {
  return sendAfterCommit(deps.mailer, expertInvitationEmail(to, { ...p, link: `${deps.publicUrl}/avis/invitation/${p.token}` }));
}

export interface ExpertInvitationDetails {
  email: string;
  fullName: string;
  inviterName: string | null;
  expiresAt: Date;
}

async function loadInvitation(db: Executor, token: string, now: Date) {
  const row = await checkEmailToken(db, "expert_invitation", token, now);
  const user = row.user_id ? await findUserById(db, row.user_id) : undefined;
  if (!user) throw new DomainError("not_found", "experts.invitation.unknown");
  if (user.disabled_at !== null) throw new DomainError("forbidden", "auth.login.disabled");
  // Set up since (a password reset, or another link): the account logs in.
  if (user.password_hash !== null) throw new DomainError("conflict", "experts.invitation.alreadySetUp");
  return { row, user };
}

/** What the invitation page shows, or the token's DomainError (experts.invitation.unknown/used/expired/alreadySetUp). */
export async function describeExpertInvitation(
  db: Executor,
  token: string,
  options: { now?: () => Date } = {},
): Promise<ExpertInvitationDetails> {
  const { row, user } = await loadInvitation(db, token, clock(options));
  const inviter = row.invited_by ? await findUserById(db, row.invited_by) : undefined;
  return {
    email: user.email,
    fullName: user.full_name,
    inviterName: inviter ? inviter.full_name || inviter.email : null,
    expiresAt: new Date(row.expires_at),
  };
}

/**
 * Sets up the outside expert's account from the link: their name and password, the address verified
 * (the link proves it), the token used, and a session opened.
 */
export async function acceptExpertInvitation(
  db: Executor,
  deps: Pick<AccountDeps, "now">,
  token: string,
  input: InvitationAcceptanceInput,
  meta: Omit<LoginMeta, "now">,
): Promise<LoginResult> {
  const now = clock(deps);
  await loadInvitation(db, token, now);
  const value = parseInput(invitationAcceptanceSchema(false), input) as Required<InvitationAcceptanceInput>;
  const passwordHash = await hashPassword(value.password);
  const session = await inTransaction(db, async (trx) => {
    const { row, user } = await loadInvitation(trx, token, now);
    await consumeEmailToken(trx, row, now);
    await setUpAccount(trx, user.id, { fullName: value.fullName, passwordHash });
    await markEmailVerified(trx, user.id, now);
    const created = await createSession(trx, user.id, { ip: meta.ip, userAgent: meta.userAgent }, now);
    return { ...created, userId: user.id, email: user.email };
  });
  const memberships = await listUserMemberships(db, session.userId);
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    actor: { userId: session.userId, email: session.email, fullName: value.fullName, memberships },
  };
}
