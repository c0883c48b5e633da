import { listActiveFunderMembers, type FunderMember } from "../accounts/memberships.queries";
import type { Executor } from "../../db/executor";
import type { DossierStatus, ExpertKind, ExpertRequestStatus } from "../../db/schema";
import { sanitizeRichText } from "../dossiers/rich-text";
import { selectDossierEvidence } from "../dossiers/evidence.queries";
import { DomainError } from "../errors";
import { dossierExaminers } from "../examination/co-examiners";
import { evidenceKind, type RoomEvidenceKind } from "../examination/review-room.view";
import { dayKeyInParis } from "../i18n/format";
import type { Actor } from "../permissions/actor";
import { canSeeDossier } from "../permissions/access";
import { canActAsExpert, canManageExpertRequests, canReadExpertOpinions, type DossierExaminers } from "../permissions/policy";
import {
  findExpertRequest,
  listDossierExpertRequests,
  listExpertRequestsOf,
  requestIndicators,
  requestMessages,
  type ExpertRequestRow,
} from "./expert-requests.queries";

/**
 * What the pages show of expert opinions (issue 15.7, decision record 044): the review room's panel
 * (the funder side of a dossier), the expert's list of requests and the expert's page of one request
 * (its chosen indicators: the OF's answers and evidence, its confidential thread). Each checks its
 * access first: the dossier rule and canReadExpertOpinions for the panel, canActAsExpert for the expert.
 */

export interface ExpertMessageView {
  id: string;
  authorName: string | null;
  fromExpert: boolean;
  body: string;
  createdAt: Date;
}

export interface ExpertRequestView {
  id: string;
  dossierId: string;
  organisationName: string;
  requesterName: string | null;
  requesterOrganisationName: string | null;
  expertName: string;
  expertKind: ExpertKind;
  question: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  status: ExpertRequestStatus;
  /** Open and its due date passed (Paris day). */
  late: boolean;
  createdAt: Date;
  indicators: { code: string; title: string }[];
  messages: ExpertMessageView[];
}

async function views(db: Executor, rows: ExpertRequestRow[], today: string): Promise<ExpertRequestView[]> {
  const ids = rows.map((r) => r.id);
  const [indicators, messages] = await Promise.all([requestIndicators(db, ids), requestMessages(db, ids)]);
  return rows.map((r) => ({
    id: r.id,
    dossierId: r.dossierId,
    organisationName: r.organisationName,
    requesterName: r.requesterName,
    requesterOrganisationName: r.requesterOrganisationName,
    expertName: r.expertName,
    expertKind: r.expertKind,
    question: r.question,
    dueOn: r.dueOn,
    status: r.status,
    late: r.status === "open" && r.dueOn < today,
    createdAt: r.createdAt,
    indicators: (indicators.get(r.id) ?? []).map(({ code, title }) => ({ code, title })),
    messages: (messages.get(r.id) ?? []).map(({ id, authorName, fromExpert, body, createdAt }) => ({
      id,
      authorName,
      fromExpert,
      body,
      createdAt,
    })),
  }));
}

export interface ExpertPanelView {
  requests: (ExpertRequestView & { expertEmail: string; canManage: boolean })[];
  /** The actor may ask for a new opinion (an examiner of the dossier while it is in examination). */
  canRequest: boolean;
  /** Funder members who may be picked (not the actor), when canRequest. */
  candidates: { id: string; name: string; funderName: string }[];
  /** The form's proposed due date: in two weeks (YYYY-MM-DD). */
  defaultDueOn: string;
  /** Today in Paris (YYYY-MM-DD): the earliest due date. */
  today: string;
}

/** The review room's panel: the dossier's requests and threads, for its funder side only (null for anyone else). */
export async function loadExpertPanel(
  db: Executor,
  actor: Actor,
  dossier: { id: string; organisationId: string; status: DossierStatus; examinerId: string | null },
  /** examiners: already read by the caller (the review room reads them once for the whole page). */
  /** funderMembers: the page's shared read of the funder members (the people an examiner may pick). */
  options: { now?: () => Date; examiners?: DossierExaminers; funderMembers?: () => Promise<FunderMember[]> } = {},
): Promise<ExpertPanelView | null> {
  if (!canReadExpertOpinions(actor) || !canSeeDossier(actor, dossier)) return null;
  const today = dayKeyInParis(options.now ? options.now() : new Date());
  const [rows, examiners] = await Promise.all([
    listDossierExpertRequests(db, dossier.id),
    options.examiners ?? dossierExaminers(db, { id: dossier.id, examiner_id: dossier.examinerId }),
  ]);
  const canRequest = dossier.status === "en_examen" && canManageExpertRequests(actor, examiners);
  const requests = (await views(db, rows, today)).map((view, i) => {
    const row = rows[i]!; // same order as rows
    return {
      ...view,
      expertEmail: row.expertEmail,
      canManage: view.status !== "withdrawn" && canManageExpertRequests(actor, examiners, { requestedBy: row.requestedBy }),
    };
  });
  const defaultDueOn = new Date(Date.parse(`${today}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  return {
    requests,
    canRequest,
    candidates: canRequest
      ? (await (options.funderMembers ?? (() => listActiveFunderMembers(db)))()).filter((m) => m.id !== actor.userId)
      : [],
    defaultDueOn,
    today,
  };
}

/** The requests addressed to the actor (standing ones), newest first: the expert's home. */
export async function listOwnExpertRequests(db: Executor, actor: Actor, options: { now?: () => Date } = {}): Promise<ExpertRequestView[]> {
  const today = dayKeyInParis(options.now ? options.now() : new Date());
  const rows = (await listExpertRequestsOf(db, actor.userId)).filter((row) => canActAsExpert(actor, row));
  return views(db, rows, today);
}

export interface ExpertIndicatorView {
  code: string;
  title: string;
  /** The OF's description, sanitized HTML (decision 026); empty when not answered. */
  descriptionHtml: string;
  notApplicable: boolean;
  notApplicableReason: string | null;
  evidence: { id: string; kind: RoomEvidenceKind; label: string; url: string | null; fileId: string | null; fileName: string | null }[];
}

export type ExpertPageView =
  | { state: "withdrawn"; organisationName: string; withdrawnAt: Date | null }
  | { state: "standing"; request: ExpertRequestView; indicators: ExpertIndicatorView[] };

/**
 * The expert's page of one request: its chosen indicators as the OF answered them, and its thread.
 * Only its expert reaches it (canActAsExpert); once withdrawn, the expert reads that it was, and
 * nothing of the dossier. Anyone else finds nothing (not_found), like an unknown id.
 */
export async function loadExpertRequestPage(
  db: Executor,
  actor: Actor,
  requestId: string,
  options: { now?: () => Date } = {},
): Promise<ExpertPageView> {
  const row = await findExpertRequest(db, requestId);
  if (!row || row.expertUserId !== actor.userId) throw new DomainError("not_found", "errors.notFound");
  if (row.status === "withdrawn") return { state: "withdrawn", organisationName: row.organisationName, withdrawnAt: row.withdrawnAt };
  if (!canActAsExpert(actor, row)) throw new DomainError("not_found", "errors.notFound");
  const today = dayKeyInParis(options.now ? options.now() : new Date());
  const [request] = await views(db, [row], today);
  const chosen = (await requestIndicators(db, [row.id])).get(row.id) ?? [];
  const ids = chosen.map((i) => i.id);
  // A request has at least one indicator (the service refuses one without).
  const [answers, evidence] = await Promise.all([
    db
      .selectFrom("indicator_answers")
      .select(["indicator_id", "description", "not_applicable", "not_applicable_reason"])
      .where("dossier_id", "=", row.dossierId)
      .where("indicator_id", "in", ids)
      .execute(),
    selectDossierEvidence(db, row.dossierId)
      .select(["indicator_answers.indicator_id", "files.file_name"])
      .where("indicator_answers.indicator_id", "in", ids)
      .where("evidence.removed_at", "is", null)
      .where("evidence.replaced_by", "is", null)
      .orderBy("evidence.created_at")
      .execute(),
  ]);
  const indicators = chosen.map((indicator) => {
    const answer = answers.find((a) => a.indicator_id === indicator.id);
    return {
      code: indicator.code,
      title: indicator.title,
      descriptionHtml: answer?.description ? sanitizeRichText(answer.description) : "",
      notApplicable: answer?.not_applicable ?? false,
      notApplicableReason: answer?.not_applicable_reason ?? null,
      evidence: evidence
        .filter((e) => e.indicator_id === indicator.id)
        .map((e) => ({
          id: e.id,
          kind: evidenceKind(e.kind, e.content_type),
          label: e.label,
          url: e.kind === "link" ? e.url : null,
          fileId: e.file_id,
          fileName: e.file_name,
        })),
    };
  });
  return { state: "standing", request: request!, indicators };
}
