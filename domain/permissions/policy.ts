import type { BulkAction, ExpertRequestStatus, OrganisationKind, Role } from "../../db/schema";
import { ROLES, belongsTo, hasRole, isCoordinator, isFunderMember, organisationIdsOfKind, type Actor } from "./actor";
import { funderIdOf } from "./actor-side";

/**
 * Pure permission checks, shared by the portal (loaders, actions, API) and the collab server.
 * Each answers a yes/no question about an actor and a resource already loaded; queries still
 * scope by organisation so that an id guessed from elsewhere finds nothing.
 */

/** Funders and the coordination examine, share notes and see reporting; never an OF. */
export function canActAsFunderSide(actor: Actor): boolean {
  return isFunderMember(actor) || isCoordinator(actor);
}

export function canViewOrganisation(actor: Actor, organisation: { id: string; kind: OrganisationKind }): boolean {
  if (belongsTo(actor, organisation.id)) return true;
  if (organisation.kind === "of") return canActAsFunderSide(actor);
  return isCoordinator(actor);
}

export function canEditOfProfile(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId);
}

/** Who downloads everything the OF holds in Datadock (GDPR access and portability, decision record 039): its admins. */
export function canExportOrganisationData(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId);
}

/** Who starts a dossier under a newly opened référentiel, prefilled from the datadocké one (issue 14.7): the OF's admins. */
export function canStartCarriedOverDossier(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId);
}

export function canEditDossier(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId) || hasRole(actor, "of_member", organisationId);
}

/**
 * Who starts a new round of a dossier closed non conforme or de-listed (decision record 037): the
 * OF's admin (the service checks the conditions: reasons answered, waiting period) or a coordinator.
 */
export function canReopenDossier(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId) || isCoordinator(actor);
}

export function canExamine(actor: Actor): boolean {
  return isFunderMember(actor);
}

export function canManageFunders(actor: Actor): boolean {
  return isCoordinator(actor);
}

export function canManageReferentiels(actor: Actor): boolean {
  return isCoordinator(actor);
}

export interface InvitationTarget {
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
}

/**
 * Who may invite whom: coordinators invite funder staff and other coordinators; funder admins
 * invite reviewers and admins of their own funder; OF admins invite colleagues of their own OF.
 */
export function canInvite(actor: Actor, target: InvitationTarget): boolean {
  const roleFitsKind =
    (target.organisationKind === "of" && (target.role === "of_admin" || target.role === "of_member")) ||
    (target.organisationKind === "funder" && (target.role === "funder_admin" || target.role === "funder_reviewer")) ||
    (target.organisationKind === "coordination" && target.role === "coordinator");
  if (!roleFitsKind) return false;
  if (isCoordinator(actor)) return target.organisationKind !== "of";
  if (target.organisationKind === "funder") return hasRole(actor, "funder_admin", target.organisationId);
  if (target.organisationKind === "of") return hasRole(actor, "of_admin", target.organisationId);
  return false;
}

/** Whether the actor manages that organisation's team (may invite someone there, in any role). */
export function canManageTeam(actor: Actor, organisation: { id: string; kind: OrganisationKind }): boolean {
  return ROLES.some((role) => canInvite(actor, { organisationId: organisation.id, organisationKind: organisation.kind, role }));
}

/** Who examines one dossier: the examiner who took it (or was assigned it) and the co-examiners they added. */
export interface DossierExaminers {
  examinerId: string | null;
  coExaminerIds: readonly string[];
}

/**
 * Who may decide indicators and close the examination (renvoyer, déclarer datadocké, non conforme):
 * the dossier's examiner and their co-examiners, while they are funder staff (decision record 022).
 */
export function canDecide(actor: Actor, dossier: DossierExaminers): boolean {
  if (!canExamine(actor)) return false;
  return dossier.examinerId === actor.userId || dossier.coExaminerIds.includes(actor.userId);
}

/** Only the examiner adds or removes co-examiners (a co-examiner does not add others). */
export function canManageCoExaminers(actor: Actor, dossier: Pick<DossierExaminers, "examinerId">): boolean {
  return canExamine(actor) && dossier.examinerId !== null && dossier.examinerId === actor.userId;
}

/** De-listing (dé-référencement) an OF from every catalogue is a serious act: a funder admin, any funder. */
export function canDeList(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === "funder_admin" && m.organisationKind === "funder");
}

/** A funder admin or a coordinator assigns a dossier to an examiner (or changes its examiner). */
export function canAssign(actor: Actor): boolean {
  return isCoordinator(actor) || actor.memberships.some((m) => m.role === "funder_admin");
}

/** Controls: coordinators and examiners (funder members) open one. De-listing asks `canDeList`. */
export function canControl(actor: Actor): boolean {
  return isCoordinator(actor) || canExamine(actor);
}

/**
 * Control campaigns (issue 15.6, decision record 048): the coordination draws a sample of
 * datadocké OFs and opens a control on each; it alone creates, follows and verifies them.
 */
export function canRunControlCampaigns(actor: Actor): boolean {
  return isCoordinator(actor);
}

/** The coordination closes any alert; a funder member closes those its own funder raised. */
export function canCloseAlert(actor: Actor, alert: { raised_by_organisation_id: string | null }): boolean {
  if (isCoordinator(actor)) return true;
  const own = funderIdOf(actor);
  return own !== null && alert.raised_by_organisation_id === own;
}

/** A funder's own staff manage its catalogue; nobody else (not even another funder). */
export function canManageCatalogue(actor: Actor, funderId: string): boolean {
  return hasRole(actor, "funder_admin", funderId) || hasRole(actor, "funder_reviewer", funderId);
}

/**
 * A funder's labels on dossiers and OFs (issue 15.4): its own staff create, put, remove, see and filter
 * by them; nobody else — not another funder, not the coordination, not an OF.
 */
export function canUseFunderLabels(actor: Actor, funderId: string): boolean {
  return hasRole(actor, "funder_admin", funderId) || hasRole(actor, "funder_reviewer", funderId);
}

/**
 * Who starts a bulk action of the queue or the directory (issue 15.3, decision record 043): whoever may
 * do it on one row — assign (canAssign), take (canExamine), put their funder's label (canUseFunderLabels).
 * The job checks each row again when it runs it.
 */
export function canStartBulkAction(actor: Actor, action: BulkAction): boolean {
  if (action === "assign") return canAssign(actor);
  if (action === "take") return canExamine(actor);
  const funderId = funderIdOf(actor);
  return funderId !== null && canUseFunderLabels(actor, funderId);
}

/** A bulk job's progress and outcome are seen by the person who started it, and nobody else. */
export function canFollowBulkJob(actor: Actor, job: { requestedBy: string }): boolean {
  return actor.userId !== "" && job.requestedBy === actor.userId;
}

/** A funder's admins manage its API keys; nobody else. */
export function canManageApiKeys(actor: Actor, funderId: string): boolean {
  return hasRole(actor, "funder_admin", funderId);
}

/** A funder's webhooks are managed by those who manage its API keys (its admins). */
export function canManageWebhooks(actor: Actor, funderId: string): boolean {
  return canManageApiKeys(actor, funderId);
}

/** The CNEFOP list of quality labels (circuit court): coordinators add, rename and (de)activate. */
export function canManageCnefopLabels(actor: Actor): boolean {
  return isCoordinator(actor);
}

/** The delay rules of an examination's stages (issue 15.2, decision record 045): the coordination sets them. */
export function canEditDelayRules(actor: Actor): boolean {
  return isCoordinator(actor);
}

/** The coordination's own pages: its home, who is online where, the live activity feed. */
export function canCoordinate(actor: Actor): boolean {
  return isCoordinator(actor);
}

/**
 * Who resolves a dossier's thread (among those who may read it): the funder side's staff, or the OF's
 * own admin — not its plain members, not the coordination.
 */
export function canResolveThread(actor: Actor, dossierOrganisationId: string): boolean {
  if (belongsTo(actor, dossierOrganisationId)) return hasRole(actor, "of_admin", dossierOrganisationId);
  return isFunderMember(actor);
}

/** What the expert rules need to know about an expert request (issue 15.7, decision record 044). */
export interface ExpertRequestAccess {
  expertUserId: string;
  requestedBy: string | null;
  status: ExpertRequestStatus;
}

/**
 * The expert access (issue 15.7, decision record 044): the person asked for an opinion reaches that one
 * request — the chosen indicators of its dossier (the OF's answers and their evidence files) and the
 * request's confidential thread — until the request is withdrawn. It opens nothing else: not the rest of
 * the dossier, not its live room or its threads with the OF, not the funders' notes (review notes,
 * annotations, notes on the OF), not other dossiers nor the funders' spaces. A funder's member asked for
 * an opinion keeps what their membership gives, no more. Every door that serves an expert asks this: the
 * expert's pages (loader and action), evidence downloads, the socket.io room of the request.
 */
export function canActAsExpert(actor: Actor, request: Pick<ExpertRequestAccess, "expertUserId" | "status">): boolean {
  return request.status !== "withdrawn" && actor.userId !== "" && request.expertUserId === actor.userId;
}

/** Who may be asked for an opinion: a funder's member, or an outside expert (an account of no organisation). Never an OF's staff nor the coordination. */
export function canBeAskedForOpinion(candidate: Actor): boolean {
  return candidate.memberships.length === 0 || candidate.memberships.every((m) => m.organisationKind === "funder");
}

/**
 * Who asks for expert opinions on a dossier, writes to the experts in their threads and withdraws a
 * request: the dossier's examiner and co-examiners (decision record 022); the examiner who asked, for
 * their own request, while they are funder staff.
 */
export function canManageExpertRequests(
  actor: Actor,
  dossier: DossierExaminers,
  request?: Pick<ExpertRequestAccess, "requestedBy">,
): boolean {
  if (canDecide(actor, dossier)) return true;
  return request !== undefined && canExamine(actor) && request.requestedBy === actor.userId;
}

/** Who reads a dossier's expert requests and their threads (with the dossier rule, access.ts): the funder side, never the OF. */
export function canReadExpertOpinions(actor: Actor): boolean {
  return canActAsFunderSide(actor);
}

/**
 * A whole dossier as one ZIP (issue 15.5): the funders and the coordination, for any dossier they may
 * open in the review room (submitted at least once), never the OF's own staff through this door.
 */
export function canExportDossier(actor: Actor, dossier: { organisationId: string; status: string }): boolean {
  if (belongsTo(actor, dossier.organisationId)) return false;
  if (dossier.status === "brouillon") return false;
  return isFunderMember(actor) || isCoordinator(actor);
}

/** Who a person is to the notifications (domain/notifications/notification-audience.ts). */
export type NotificationAudience = "of" | "funder" | "coordination" | "expert";

/**
 * The notification audiences a person belongs to, by their memberships: an OF's staff; the funders'
 * side (funder members and the coordination); the coordination; and those who answer expert
 * requests (funder members, and outside experts, who have no membership).
 */
export function notificationAudiencesOf(actor: Actor): Set<NotificationAudience> {
  const audiences = new Set<NotificationAudience>();
  if (organisationIdsOfKind(actor, "of").length > 0) audiences.add("of");
  if (canActAsFunderSide(actor)) audiences.add("funder");
  if (isCoordinator(actor)) audiences.add("coordination");
  if (isFunderMember(actor) || actor.memberships.length === 0) audiences.add("expert");
  return audiences;
}
