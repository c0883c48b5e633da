import type { Executor } from "../../db/executor";
import { findCollabVersionState, insertCollabVersion, listCollabVersions, type CollabVersionRow } from "../../db/queries/collab-versions";
import type { LiveDocuments } from "../context";
import { DomainError, forbidden, invalid, notFound } from "../errors";
import type { Actor } from "../permissions/actor";
import { collabDocumentAccess } from "../permissions/collab-document.policy";
import { collabAccessFor } from "../permissions/resource-access.service";
import { t } from "../i18n/translate";
import { versionIdSchema, versionNameSchema } from "./versions.schema";

/**
 * Named versions of a dossier's shared review notes (decision 014). Whoever may open the notes
 * lists the versions; whoever may write them saves and restores. Restoring first saves the current
 * content as a version ("before restoring …"), so a restore can itself be undone.
 */

export type NotesVersion = CollabVersionRow;

/** The dossier's review notes must be open to the actor (the same rule as the Yjs door, decision 021). */
async function requireAccess(db: Executor, actor: Actor, dossierId: string, needed: "read" | "write"): Promise<void> {
  const byRole = collabDocumentAccess(actor, "dossier");
  if (!byRole || (needed === "write" && byRole !== "write")) throw forbidden();
  if (!(await collabAccessFor(db, actor, { kind: "dossier", id: dossierId }))) throw notFound();
}

function requireLive(live: LiveDocuments | undefined): LiveDocuments {
  if (!live) throw new DomainError("unavailable", "collabDocs.versions.unavailable");
  return live;
}

export async function listNotesVersions(db: Executor, actor: Actor, dossierId: string): Promise<NotesVersion[]> {
  await requireAccess(db, actor, dossierId, "read");
  return listCollabVersions(db, { kind: "dossier", id: dossierId });
}

export async function saveNotesVersion(
  db: Executor,
  live: LiveDocuments | undefined,
  actor: Actor,
  input: { dossierId: string; name: unknown },
): Promise<NotesVersion> {
  await requireAccess(db, actor, input.dossierId, "write");
  const name = versionNameSchema.safeParse(input.name);
  if (!name.success) throw invalid({ name: name.error.issues.map((i) => i.message) });
  const document = { kind: "dossier", id: input.dossierId } as const;
  const state = await requireLive(live).snapshot(document);
  return insertCollabVersion(db, { document, name: name.data, state, createdBy: actor.userId });
}

export async function restoreNotesVersion(
  db: Executor,
  live: LiveDocuments | undefined,
  actor: Actor,
  input: { dossierId: string; versionId: unknown },
): Promise<{ restored: string; backup: NotesVersion }> {
  await requireAccess(db, actor, input.dossierId, "write");
  const versionId = versionIdSchema.safeParse(input.versionId);
  if (!versionId.success) throw notFound("collabDocs.versions.notFound");
  const document = { kind: "dossier", id: input.dossierId } as const;
  const version = await findCollabVersionState(db, document, versionId.data);
  if (!version) throw notFound("collabDocs.versions.notFound");
  const documents = requireLive(live);
  const backup = await insertCollabVersion(db, {
    document,
    name: t("collabDocs.versions.backupName", { name: version.name }).slice(0, 120),
    state: await documents.snapshot(document),
    createdBy: actor.userId,
  });
  await documents.restore(document, version.state);
  return { restored: version.name, backup };
}
