import type { Executor } from "../../db/executor";
import type { StoredFile } from "../../db/schema";
import { DomainError } from "../errors";
import type { Actor } from "./actor";
import {
  canReadFile,
  canSeeOrganisation,
  collabAccess,
  dossierSide,
  type CollabAccess,
  type DossierSide,
  type DossierState,
} from "./access";
import type { CollabDocumentKind } from "./collab-document.policy";
import { canActAsExpert } from "./policy";
import { expertRequestsReachingFile } from "../experts/expert-requests.queries";

/**
 * Loads a resource's state and applies its one access rule (domain/permissions/access.ts, decision 021).
 * These are what the doors call when they start from an id: socket.io joins, the Yjs websocket, file
 * downloads. Unknown ids and refusals look the same (null, or not_found).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LoadedDossier extends DossierState {
  id: string;
  organisationName: string;
}

export async function loadDossierState(db: Executor, dossierId: string): Promise<LoadedDossier | undefined> {
  if (!UUID.test(dossierId)) return undefined;
  const row = await db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .select(["dossiers.id", "dossiers.organisation_id", "dossiers.status", "dossiers.examiner_id", "organisations.name"])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
  return row
    ? { id: row.id, organisationId: row.organisation_id, status: row.status, examinerId: row.examiner_id, organisationName: row.name }
    : undefined;
}

/** A dossier the actor may see, with the side they see it from and the OF's name (a label); null otherwise. */
export async function dossierAccessFor(
  db: Executor,
  actor: Actor,
  dossierId: string,
): Promise<{ side: DossierSide; label: string } | null> {
  const dossier = await loadDossierState(db, dossierId);
  const side = dossier ? dossierSide(actor, dossier) : null;
  return dossier && side ? { side, label: dossier.organisationName } : null;
}

/** An OF's organisation the actor may see, with its name; null otherwise (funders' and coordination's too). */
export async function ofOrganisationAccessFor(db: Executor, actor: Actor, organisationId: string): Promise<{ label: string } | null> {
  if (!UUID.test(organisationId)) return null;
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name", "kind"])
    .where("id", "=", organisationId)
    .where("kind", "=", "of")
    .executeTakeFirst();
  return organisation && canSeeOrganisation(actor, organisation) ? { label: organisation.name } : null;
}

/** A stored file the actor may read (its owner's members; funders through a dossier they see), else not_found. */
export async function findReadableFile(db: Executor, actor: Actor, fileId: string): Promise<StoredFile> {
  const notFound = new DomainError("not_found", "errors.notFound");
  if (!UUID.test(fileId)) throw notFound;
  const file = await db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
  if (!file) throw notFound;
  const owner = await db.selectFrom("organisations").select("kind").where("id", "=", file.organisation_id).executeTakeFirst();
  if (!owner) throw notFound;
  const attachedTo = owner.kind === "of" ? await dossiersAttaching(db, fileId, file.organisation_id) : [];
  // An expert's own requests reaching the file (issue 15.7): loaded only for an OF's file and a real user.
  const expertRequests = owner.kind === "of" && actor.userId ? await expertRequestsReachingFile(db, actor.userId, fileId) : [];
  if (!canReadFile(actor, { organisationId: file.organisation_id, organisationKind: owner.kind, attachedTo, expertRequests }))
    throw notFound;
  return file;
}

/**
 * The dossiers an OF's file is attached to: as evidence (accepted, or in an update of a datadocké
 * dossier, decision record 038), in a thread message, as the OF's circuit-court certificate.
 */
async function dossiersAttaching(
  db: Executor,
  fileId: string,
  organisationId: string,
): Promise<Pick<DossierState, "organisationId" | "status">[]> {
  const columns = ["dossiers.organisation_id as organisationId", "dossiers.status"] as const;
  const [asEvidence, inRevisions, inMessages, certificate] = await Promise.all([
    db
      .selectFrom("evidence")
      .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
      .innerJoin("dossiers", "dossiers.id", "indicator_answers.dossier_id")
      .select(columns)
      .where("evidence.file_id", "=", fileId)
      .execute(),
    db
      .selectFrom("revision_evidence")
      .innerJoin("answer_revisions", "answer_revisions.id", "revision_evidence.revision_id")
      .innerJoin("dossiers", "dossiers.id", "answer_revisions.dossier_id")
      .select(columns)
      .where("revision_evidence.file_id", "=", fileId)
      .execute(),
    db
      .selectFrom("messages")
      .innerJoin("threads", "threads.id", "messages.thread_id")
      .innerJoin("dossiers", "dossiers.id", "threads.dossier_id")
      .select(columns)
      .where("messages.file_id", "=", fileId)
      .execute(),
    db.selectFrom("circuit_court_certificates").select("id").where("file_id", "=", fileId).executeTakeFirst(),
  ]);
  const ofDossiers = certificate
    ? await db.selectFrom("dossiers").select(columns).where("organisation_id", "=", organisationId).execute()
    : [];
  return [...asEvidence, ...inRevisions, ...inMessages, ...ofDossiers];
}

/**
 * An expert request the actor answers (issue 15.7, decision record 044): its dossier's id when
 * canActAsExpert holds (the actor is its expert and it is not withdrawn); null otherwise, like an unknown id.
 * The socket.io door of the request's room calls it on every join.
 */
export async function expertRequestAccessFor(db: Executor, actor: Actor, requestId: string): Promise<{ dossierId: string } | null> {
  if (!UUID.test(requestId)) return null;
  const request = await db
    .selectFrom("expert_requests")
    .select(["dossier_id", "expert_user_id", "requested_by", "status"])
    .where("id", "=", requestId)
    .executeTakeFirst();
  if (!request) return null;
  return canActAsExpert(actor, { expertUserId: request.expert_user_id, status: request.status }) ? { dossierId: request.dossier_id } : null;
}

/** Access to a collaborative document, from the state of its subject (dossier, evidence item's dossier, OF). */
export async function collabAccessFor(
  db: Executor,
  actor: Actor,
  document: { kind: CollabDocumentKind; id: string },
): Promise<CollabAccess | null> {
  if (!UUID.test(document.id)) return null;
  if (document.kind === "organisation") {
    const organisation = await db.selectFrom("organisations").select(["id", "kind"]).where("id", "=", document.id).executeTakeFirst();
    return organisation ? collabAccess(actor, { kind: "organisation", organisation }) : null;
  }
  const dossierId =
    document.kind === "dossier"
      ? document.id
      : document.kind === "answer"
        ? (await db.selectFrom("indicator_answers").select("dossier_id").where("id", "=", document.id).executeTakeFirst())?.dossier_id
        : (
            await db
              .selectFrom("evidence")
              .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
              .select("indicator_answers.dossier_id")
              .where("evidence.id", "=", document.id)
              .executeTakeFirst()
          )?.dossier_id;
  const dossier = dossierId ? await loadDossierState(db, dossierId) : undefined;
  return dossier ? collabAccess(actor, { kind: document.kind, dossier }) : null;
}
