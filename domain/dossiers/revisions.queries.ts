import type { Executor } from "../../db/executor";
import type { AnswerRevision, AnswerRevisionStatus } from "../../db/schema";

/**
 * Reads of indicator revisions (decision record 038), for the OF's page, the review room and the
 * services. No authorization here: callers have scoped the dossier to the actor.
 */

export async function findPendingRevision(db: Executor, dossierId: string, indicatorId: string): Promise<AnswerRevision | undefined> {
  return db
    .selectFrom("answer_revisions")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

/** The indicator's latest decided revision (to tell the OF of a sent-back update). */
export async function findLatestDecidedRevision(db: Executor, dossierId: string, indicatorId: string) {
  return db
    .selectFrom("answer_revisions")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .where("status", "!=", "pending")
    .orderBy("decided_at", "desc")
    .executeTakeFirst();
}

export interface RevisionEvidenceItem {
  /** An accepted item's evidence id, or the revision_evidence id of an item the revision brings in. */
  id: string;
  kind: "file" | "link";
  label: string;
  url: string | null;
  fileId: string | null;
  contentType: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  /** null: accepted and kept; "added" or "replaced" (then `replaces` is the accepted item it replaces). */
  change: "added" | "replaced" | null;
  replaces: string | null;
}

export interface RevisionEvidenceDiff {
  /** The accepted answer's live evidence. */
  before: RevisionEvidenceItem[];
  /** The evidence the answer would have once the revision is validated. */
  after: RevisionEvidenceItem[];
  /** Accepted items the revision removes (not replaced). */
  removed: RevisionEvidenceItem[];
}

/** Live evidence of an answer, oldest first. */
async function acceptedEvidence(db: Executor, answerId: string): Promise<RevisionEvidenceItem[]> {
  const rows = await db
    .selectFrom("evidence")
    .leftJoin("files", "files.id", "evidence.file_id")
    .select([
      "evidence.id",
      "evidence.kind",
      "evidence.label",
      "evidence.url",
      "evidence.file_id",
      "files.content_type",
      "files.file_name",
      "files.size_bytes",
    ])
    .where("evidence.answer_id", "=", answerId)
    .where("evidence.replaced_by", "is", null)
    .where("evidence.removed_at", "is", null)
    .orderBy("evidence.created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: r.label,
    url: r.url,
    fileId: r.file_id,
    contentType: r.content_type,
    fileName: r.file_name,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    change: null,
    replaces: null,
  }));
}

/** The revision's evidence changes, oldest first. */
export function listRevisionChanges(db: Executor, revisionId: string) {
  return db
    .selectFrom("revision_evidence")
    .leftJoin("files", "files.id", "revision_evidence.file_id")
    .select([
      "revision_evidence.id",
      "revision_evidence.change",
      "revision_evidence.evidence_id",
      "revision_evidence.kind",
      "revision_evidence.label",
      "revision_evidence.url",
      "revision_evidence.file_id",
      "files.content_type",
      "files.file_name",
      "files.size_bytes",
    ])
    .where("revision_evidence.revision_id", "=", revisionId)
    .orderBy("revision_evidence.created_at")
    .orderBy("revision_evidence.id")
    .execute();
}

/** Before and after of a revision's evidence. For a decided revision, "before" is today's accepted set. */
export async function revisionEvidenceDiff(
  db: Executor,
  revision: Pick<AnswerRevision, "id" | "answer_id">,
): Promise<RevisionEvidenceDiff> {
  const [before, changes] = await Promise.all([acceptedEvidence(db, revision.answer_id), listRevisionChanges(db, revision.id)]);
  const gone = new Set(changes.filter((c) => c.change !== "added").map((c) => c.evidence_id));
  const brought: RevisionEvidenceItem[] = changes
    .filter((c) => c.change !== "removed" && c.kind !== null)
    .map((c) => ({
      id: c.id,
      kind: c.kind!,
      label: c.label,
      url: c.url,
      fileId: c.file_id,
      contentType: c.content_type,
      fileName: c.file_name,
      sizeBytes: c.size_bytes === null ? null : Number(c.size_bytes),
      change: c.change === "replaced" ? "replaced" : "added",
      replaces: c.change === "replaced" ? c.evidence_id : null,
    }));
  const replacedIds = new Set(brought.map((b) => b.replaces).filter(Boolean));
  return {
    before,
    after: [...before.filter((b) => !gone.has(b.id)), ...brought],
    removed: before.filter((b) => gone.has(b.id) && !replacedIds.has(b.id)),
  };
}

/** The evidence the revision proposes (the "after" set). */
export async function listProposedEvidence(
  db: Executor,
  revision: Pick<AnswerRevision, "id" | "answer_id">,
): Promise<RevisionEvidenceItem[]> {
  return (await revisionEvidenceDiff(db, revision)).after;
}

export interface RevisionHistoryEntry {
  id: string;
  status: AnswerRevisionStatus;
  createdAt: Date;
  createdByName: string | null;
  decidedAt: Date | null;
  decidedByName: string | null;
  reason: string | null;
}

/** Every revision of one indicator, newest first: the versions of its answer after datadockage. */
export async function listRevisionHistory(db: Executor, dossierId: string, indicatorId: string): Promise<RevisionHistoryEntry[]> {
  const rows = await db
    .selectFrom("answer_revisions as r")
    .leftJoin("users as author", "author.id", "r.created_by")
    .leftJoin("users as decider", "decider.id", "r.decided_by")
    .select([
      "r.id",
      "r.status",
      "r.created_at",
      "r.decided_at",
      "r.decision_reason",
      "author.full_name as authorName",
      "author.email as authorEmail",
      "decider.full_name as deciderName",
      "decider.email as deciderEmail",
    ])
    .where("r.dossier_id", "=", dossierId)
    .where("r.indicator_id", "=", indicatorId)
    .orderBy("r.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    createdAt: r.created_at,
    createdByName: r.authorName || r.authorEmail,
    decidedAt: r.decided_at,
    decidedByName: r.deciderName || r.deciderEmail,
    reason: r.decision_reason,
  }));
}
