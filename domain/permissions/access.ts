import type { DossierStatus, OrganisationKind } from "../../db/schema";
import { belongsTo, isCoordinator, isFunderMember, type Actor } from "./actor";
import { collabDocumentAccess, type CollabDocumentKind } from "./collab-document.policy";
import { canActAsExpert, canActAsFunderSide, canEditDossier, canViewOrganisation, type ExpertRequestAccess } from "./policy";

/**
 * The one access rule per resource (decision 021). Each function answers "may this actor see (or act
 * on) this resource", given the resource's state as loaded by domain/permissions/resource-access.service.ts.
 * Every door calls these: portal loaders and actions, file downloads, the API, socket.io joins and the
 * Yjs websocket. A resource an actor may not see is "not found" at every door (404, 4403, forbidden join).
 */

/** What the access rules need to know about a dossier. */
export interface DossierState {
  organisationId: string;
  status: DossierStatus;
  examinerId: string | null;
}

/** Which side an actor sees a dossier from: its OF's staff, a funder, the coordination; null: not at all. */
export type DossierSide = "of" | "funder" | "coordinator";

/**
 * A dossier: its OF's staff (admin and members) always; funders and the coordination once it has left
 * the draft (brouillon) — a draft is the OF's alone. Nobody else.
 */
export function dossierSide(actor: Actor, dossier: Pick<DossierState, "organisationId" | "status">): DossierSide | null {
  if (belongsTo(actor, dossier.organisationId)) return canEditDossier(actor, dossier.organisationId) ? "of" : null;
  if (dossier.status === "brouillon") return null;
  if (isFunderMember(actor)) return "funder";
  if (isCoordinator(actor)) return "coordinator";
  return null;
}

export function canSeeDossier(actor: Actor, dossier: Pick<DossierState, "organisationId" | "status">): boolean {
  return dossierSide(actor, dossier) !== null;
}

/** An organisation: its own members; any OF for funders and the coordination; funders only for the coordination. */
export function canSeeOrganisation(actor: Actor, organisation: { id: string; kind: OrganisationKind }): boolean {
  return canViewOrganisation(actor, organisation);
}

/** What the access rule needs to know about a stored file: its owner, and where it is attached. */
export interface FileState {
  organisationId: string;
  organisationKind: OrganisationKind;
  /** Dossiers the file is attached to (evidence, a thread message, the OF's circuit-court certificate). */
  attachedTo: Pick<DossierState, "organisationId" | "status">[];
  /**
   * The expert requests (issue 15.7) whose chosen indicators carry the file as live evidence, when the
   * door loaded them (only for the actor's own requests: the others change nothing).
   */
  expertRequests?: Pick<ExpertRequestAccess, "expertUserId" | "status">[];
}

/**
 * A file: its organisation's members always. Funders and the coordination read what funders upload
 * (alert and note attachments, shared among funders), and an OF's file only through a dossier they
 * may see: a draft's evidence, or a file attached to nothing, stays the OF's alone. An expert reads the
 * evidence of the indicators they were asked about, while their request stands (canActAsExpert).
 */
export function canReadFile(actor: Actor, file: FileState): boolean {
  if (belongsTo(actor, file.organisationId)) return true;
  if (file.organisationKind === "of" && (file.expertRequests ?? []).some((request) => canActAsExpert(actor, request))) return true;
  if (!canActAsFunderSide(actor)) return false;
  if (file.organisationKind !== "of") return true;
  return file.attachedTo.some((dossier) => canSeeDossier(actor, dossier));
}

/** A thread lives in a dossier: who sees the dossier reaches its threads (what they may do there: threads/thread-access.ts). */
export const threadSide = dossierSide;

/**
 * Collaborative documents. "moderate" is "write" plus changing what others wrote (evidence and
 * description annotations: the dossier's examiner). Review notes and annotations follow their dossier;
 * the funders' notes on an OF follow the organisation.
 */
export type CollabAccess = "moderate" | "write" | "read";

export type CollabSubject =
  | { kind: "dossier" | "evidence" | "answer"; dossier: DossierState }
  | { kind: "organisation"; organisation: { id: string; kind: OrganisationKind } };

export function collabAccess(actor: Actor, subject: CollabSubject): CollabAccess | null {
  const byRole = collabDocumentAccess(actor, subject.kind satisfies CollabDocumentKind);
  if (!byRole) return null;
  if (subject.kind === "organisation") {
    return subject.organisation.kind === "of" && canSeeOrganisation(actor, subject.organisation) ? byRole : null;
  }
  if (!canSeeDossier(actor, subject.dossier)) return null;
  const annotations = subject.kind === "evidence" || subject.kind === "answer";
  if (annotations && byRole === "write" && subject.dossier.examinerId === actor.userId) return "moderate";
  return byRole;
}

/** An API key acts for its funder, like a member of it without a user: the API applies the same rules. */
export function apiKeyActor(funderId: string): Actor {
  return {
    userId: "",
    email: "",
    fullName: "",
    memberships: [{ organisationId: funderId, organisationKind: "funder", organisationName: "", role: "funder_reviewer" }],
  };
}

/**
 * The attestation of datadockage (issue 14.5): downloaded by the OF's own staff only, for its
 * dossier while it is datadocké. Funders and the coordination check it through the public /verifier page.
 */
export function canDownloadAttestation(actor: Actor, dossier: Pick<DossierState, "organisationId" | "status">): boolean {
  return dossierSide(actor, dossier) === "of" && dossier.status === "datadocke";
}
