import type { Executor } from "../../db/executor";
import type { Role } from "../../db/schema";
import { inTransaction } from "../../db/transaction";
import { findOrganisationById } from "../organisations/organisations.queries";
import { listOrganisationMembers, organisationKindsOfUser } from "./memberships.queries";
import { listPendingInvitations as pendingInvitationsOf, supersedeInvitations } from "./invitations.queries";
import { findUserByEmail } from "./users.queries";
import { forbidden, invalid, notFound } from "../errors";
import { ROLES, type Actor } from "../permissions/actor";
import { canInvite, canViewOrganisation } from "../permissions/policy";
import { invitationSchema, parseInput, type InvitationInput } from "./accounts.schema";
import { invitationEmail } from "./account-emails";
import { clock, sendAfterCommit, type AccountDeps } from "./deps";
import { issueEmailToken } from "./email-tokens";

type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisationById>>>;

/** The roles an actor may invite into an organisation (empty: not their team to manage). */
export function invitableRoles(actor: Actor, organisation: { id: string; kind: OrganisationRow["kind"] }): Role[] {
  return ROLES.filter((role) => canInvite(actor, { organisationId: organisation.id, organisationKind: organisation.kind, role }));
}

/**
 * The organisation, if the actor manages its team. An organisation they cannot even see is a 404
 * (its existence is not confirmed); one they see but may not manage is a 403.
 */
export async function loadManagedOrganisation(db: Executor, actor: Actor, organisationId: string): Promise<OrganisationRow> {
  const organisation = await findOrganisationById(db, organisationId);
  if (!organisation || !canViewOrganisation(actor, organisation)) throw notFound();
  if (invitableRoles(actor, organisation).length === 0) throw forbidden();
  return organisation;
}

/**
 * Invites someone into an organisation with a role, per canInvite (policy.ts): a link valid 7 days
 * is mailed. A new invitation to the same address and organisation replaces pending ones.
 */
export async function createInvitation(
  db: Executor,
  deps: AccountDeps,
  actor: Actor,
  input: InvitationInput,
): Promise<{ email: string; expiresAt: Date; mailSent: boolean }> {
  const { email, organisationId, role } = parseInput(invitationSchema, input);
  const now = clock(deps);
  const organisation = await loadManagedOrganisation(db, actor, organisationId);
  if (!canInvite(actor, { organisationId, organisationKind: organisation.kind, role })) throw forbidden();

  const user = await findUserByEmail(db, email);
  if (user) {
    if (user.disabled_at !== null) throw invalid({ email: ["auth.invitation.accountDisabled"] });
    const members = await listOrganisationMembers(db, organisationId);
    if (members.some((m) => m.userId === user.id)) throw invalid({ email: ["auth.invitation.alreadyMember"] });
    const kinds = await organisationKindsOfUser(db, user.id);
    if (kinds.some((kind) => kind !== organisation.kind)) throw invalid({ email: ["auth.invitation.otherKind"] });
  }

  const { token, expiresAt } = await inTransaction(db, async (trx) => {
    await supersedeInvitations(trx, organisationId, email, now);
    return issueEmailToken(trx, { kind: "invitation", email, organisationId, role, invitedBy: actor.userId, userId: user?.id }, now);
  });
  const mailSent = await sendAfterCommit(
    deps.mailer,
    invitationEmail(email, {
      inviterName: actor.fullName || actor.email,
      organisationName: organisation.name,
      role,
      link: `${deps.publicUrl}/invitation/${token}`,
      expiresAt,
    }),
  );
  return { email, expiresAt, mailSent };
}

/** Pending (unused, unexpired) invitations of an organisation whose team the actor manages. */
export async function listPendingInvitations(db: Executor, actor: Actor, organisationId: string, options: { now?: () => Date } = {}) {
  await loadManagedOrganisation(db, actor, organisationId);
  return pendingInvitationsOf(db, organisationId, clock(options));
}

/** The team page: organisation, members, pending invitations and the roles the actor may invite. */
export async function getTeam(db: Executor, actor: Actor, organisationId: string, options: { now?: () => Date } = {}) {
  const organisation = await loadManagedOrganisation(db, actor, organisationId);
  const members = await listOrganisationMembers(db, organisationId);
  const invitations = await pendingInvitationsOf(db, organisationId, clock(options));
  return { organisation, members, invitations, invitableRoles: invitableRoles(actor, organisation) };
}
