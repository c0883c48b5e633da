import { isCoordinator, isFunderMember, type Actor } from "./actor";

/** The three shared documents: funders' review notes, evidence annotations, funders' notes on an OF. */
export type CollabDocumentKind = "dossier" | "evidence" | "organisation";

/**
 * Who may open a collaborative document. All three belong to the funders' side: funders edit,
 * coordinators read (they see everything read-only), OFs never reach them.
 */
export function collabDocumentAccess(actor: Actor, _kind: CollabDocumentKind): "write" | "read" | null {
  if (isFunderMember(actor)) return "write";
  if (isCoordinator(actor)) return "read";
  return null;
}
