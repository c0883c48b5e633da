import { parseWithZod } from "@conform-to/zod/v4";
import type { AppLoadContext } from "@remix-run/node";
import { teamInvitationSchema } from "../../domain/accounts/accounts.schema";
import { formatLongDate } from "../../domain/i18n/format";
import type { Actor, OrganisationKind } from "../../domain/permissions/actor";
import { requirePermission } from "./auth.server";
import { ALL_KINDS, replyDone, replyInvalid, replyRefused } from "./form-reply.server";
import { toHttpError } from "./http-errors.server";
import { accountDeps, createInvitation, getTeam, invitableRoles } from "./accounts.server";

/**
 * The team pages of an OF admin and of a funder admin (and the coordinators' own team): the
 * organisation is always the actor's own, of the page's kind, never an id from the request.
 */
export function managedTeamId(actor: Actor, kind: OrganisationKind): string | null {
  const membership = actor.memberships.find(
    (m) => m.organisationKind === kind && invitableRoles(actor, { id: m.organisationId, kind }).length > 0,
  );
  return membership?.organisationId ?? null;
}

/** Members and pending invitations, dates formatted here (server time zone = display time zone). */
export async function loadTeam(request: Request, context: AppLoadContext, kind: OrganisationKind) {
  const actor = requirePermission(request, context, (a) => managedTeamId(a, kind) !== null);
  const team = await getTeam(context.services.db, actor, managedTeamId(actor, kind)!).catch(toHttpError);
  return {
    organisation: { id: team.organisation.id, name: team.organisation.name },
    invitableRoles: team.invitableRoles,
    members: team.members.map((m) => ({
      userId: m.userId,
      email: m.email,
      fullName: m.fullName,
      role: m.role,
      verified: m.emailVerifiedAt !== null,
      disabled: m.disabledAt !== null,
      joinedOn: formatLongDate(m.joinedAt),
    })),
    invitations: team.invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role ?? "",
      invitedByName: i.invitedByName,
      expiresOn: formatLongDate(i.expiresAt),
    })),
  };
}

/** The invite form of a team page (form "invite"). */
export async function inviteToTeam(request: Request, context: AppLoadContext, kind: OrganisationKind, formData: FormData) {
  const actor = requirePermission(request, context, (a) => managedTeamId(a, kind) !== null);
  const submission = parseWithZod(formData, { schema: teamInvitationSchema });
  const form = "invite";
  if (submission.status !== "success") return replyInvalid(submission, { form });
  try {
    const invited = await createInvitation(context.services.db, accountDeps(context.services), actor, {
      ...submission.value,
      organisationId: managedTeamId(actor, kind)!,
    });
    const notice = invited.mailSent
      ? { key: "team.invite.sent" as const, params: { email: invited.email } }
      : { key: "team.invite.mailFailed" as const, params: { email: invited.email }, tone: "warning" as const };
    return replyDone(submission, { form, resetForm: true, notice });
  } catch (error) {
    return replyRefused(submission, error, { form, answers: ALL_KINDS });
  }
}
