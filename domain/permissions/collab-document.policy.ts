import { isCoordinator, isFunderMember, type Actor } from "./actor";

/**
 * The shared documents: funders' review notes, evidence annotations, annotations on an OF's
 * description (an indicator answer), funders' notes on an OF.
 */
export type CollabDocumentKind = "dossier" | "evidence" | "answer" | "organisation";

/**
 * Who may open a collaborative document. All belong to the funders' side: funders edit,
 * coordinators read (they see everything read-only), OFs never reach them. Nor does an outside expert
 * (issue 15.7): the expert access (canActAsExpert) reaches one request's indicators and thread, no document.
 */
export function collabDocumentAccess(actor: Actor, _kind: CollabDocumentKind): "write" | "read" | null {
  if (isFunderMember(actor)) return "write";
  if (isCoordinator(actor)) return "read";
  return null;
}
