import { acceptCorrectiveAction } from "../../domain/dossiers/corrective-actions.service";
import { reviewCertificate } from "../../domain/circuit-court/certificate-review.service";
import { decideRevision } from "../../domain/examination/revision-decision";
import { labelChoices } from "../../domain/labels/funder-labels.service";
import { sharedFunderMembers } from "../../domain/accounts/memberships.queries";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { loadReviewRoom } from "../../domain/examination/review-room.view";
import { decideIndicator, isReviewConflict, type IndicatorDecision } from "../../domain/examination/decision";
import { closeExamination } from "../../domain/examination/close";
import { closingBlockers } from "../../domain/examination/closing-rules";
import { assignDossier, takeDossier } from "../../domain/examination/take";
import { canAssign, canExamine } from "../../domain/permissions/policy";
import { addCoExaminer, decisionRights, removeCoExaminer } from "../../domain/examination/co-examiners";
import { EXAMINATION_INTENTS, examinationFormSchema } from "../../domain/examination/examination.schema";
import { decideInCommittee, endCommittee, recordCommitteePresence, startCommittee } from "../../domain/examination/committee.service";
import { threadSummaryOf } from "../../domain/threads/thread-view.service";
import { collabDocumentAccess } from "../../domain/permissions/collab-document.policy";
import { requireFunderSide } from "../utils/auth.server";
import { accountDeps } from "../utils/accounts.server";
import { loadExpertPanel, postExpertMessage, requestExpertOpinion, withdrawExpertRequest } from "../utils/experts.server";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { toHttpError, httpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { ReviewRoom } from "../components/review-room/review-room";
import liveStyles from "../styles/live.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.room.selected ? `${data.room.selected.code} — ` : ""}${t("examination.page.title", {
      organisation: data?.room.dossier.organisationName ?? "",
    })} — ${t("app.name")}`,
  },
];

const CODE = /^[0-9]{1,2}(\.[0-9]{1,2}){0,2}$/;
const roomUrl = (dossierId: string, code?: string | null) =>
  `/financeur/examens/${dossierId}${code && CODE.test(code) ? `?indicateur=${encodeURIComponent(code)}` : ""}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const db = context.services.db;
  const code = new URL(request.url).searchParams.get("indicateur");
  const room = await loadReviewRoom(db, actor, dossierId, code).catch(toHttpError);
  // An unknown indicator code: the room opens on the first indicator to examine.
  if (code && !room.selected) throw redirect(roomUrl(dossierId));
  const status = room.dossier.status;
  const assignable = canAssign(actor) && (status === "soumis" || status === "en_examen");
  const examiners = { examinerId: room.dossier.examinerId, coExaminerIds: room.dossier.coExaminerIds };
  // The page's other reads are independent of one another: one round trip's wait, not five; the
  // co-examiner and expert panels share one read of the funder members.
  const funderMembers = sharedFunderMembers(db);
  const selectedThreadId = room.selected?.threadId;
  const [rights, threadSummary, labels, experts, examinerOptions] = await Promise.all([
    // Who decides here: the examiner and their co-examiners (decision record 022).
    decisionRights(db, actor, { id: room.dossier.id, examiner_id: room.dossier.examinerId }, examiners, funderMembers),
    selectedThreadId
      ? threadSummaryOf(db, actor, selectedThreadId, { organisation_id: room.dossier.organisationId, status }).catch(toHttpError)
      : null,
    labelChoices(db, actor, { kind: "dossier", id: dossierId }),
    // Expert opinions (issue 15.7): the dossier's requests and their confidential threads, funder side only.
    loadExpertPanel(db, actor, room.dossier, { examiners, funderMembers }),
    assignable ? funderMembers() : Promise.resolve([]),
  ]);
  const reviews = room.rail.flatMap((c) =>
    c.indicators.map((i) => ({
      indicatorId: i.id,
      code: i.code,
      reason: null,
      decision: i.decision,
      stale: i.decision !== null && i.state === "modifie",
    })),
  );
  return {
    room,
    experts,
    canDecide: room.mayDecide,
    isDeciderElsewhere: !room.mayDecide && status === "en_examen",
    coExaminers: { list: rights.coExaminers, candidates: rights.candidates, canManage: rights.canManageCoExaminers },
    canTake: canExamine(actor) && status === "soumis",
    examiners: examinerOptions,
    me: { id: actor.userId, name: actor.fullName || actor.email },
    labels,
    notesEditable: collabDocumentAccess(actor, "dossier") === "write",
    threadSummary,
    blockers: {
      declare_datadocke: closingBlockers("declare_datadocke", reviews),
      send_back: closingBlockers("send_back", reviews),
      close_non_conforme: closingBlockers("close_non_conforme", reviews),
    },
  };
}

const CLOSED_TOAST = {
  declare_datadocke: "room.closed.declared",
  send_back: "room.closed.sentBack",
  close_non_conforme: "room.closed.nonConforme",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const { db } = context.services;
  const submission = parseWithZod(await request.formData(), { schema: examinationFormSchema });
  const intent = String(submission.payload.intent ?? "");
  if (!EXAMINATION_INTENTS.includes(intent)) throw httpError(400);
  if (submission.status !== "success") return replyInvalid(submission, { form: intent });
  const input = submission.value;
  const code = typeof submission.payload.indicatorCode === "string" ? submission.payload.indicatorCode : null;
  try {
    switch (input.intent) {
      case "take":
        await takeDossier(db, actor, dossierId);
        break;
      case "assign":
        await assignDossier(db, actor, dossierId, input.examinerId);
        break;
      case "co-examiner-add":
      case "co-examiner-remove":
        await (input.intent === "co-examiner-add" ? addCoExaminer : removeCoExaminer)(db, actor, { dossierId, userId: input.userId });
        break;
      case "decide": {
        const decision = {
          dossierId,
          indicatorId: input.indicatorId,
          decision: input.decision as IndicatorDecision,
          reason: input.reason,
          expectedVersion: input.expectedVersion,
        };
        if (input.committeeSessionId) {
          await decideInCommittee(db, actor, { ...decision, sessionId: input.committeeSessionId, marks: input.marks ?? [] });
        } else {
          await decideIndicator(db, actor, decision);
        }
        return redirectWithToast(context, roomUrl(dossierId, code), {
          kind: "success",
          messageKey: "room.saved.toast",
          params: { code: code ?? "", decision: t(`examination.decision.${decision.decision}`) },
        });
      }
      case "accept-corrective-action":
        await acceptCorrectiveAction(db, actor, input.actionId);
        return redirectWithToast(context, roomUrl(dossierId, code), {
          kind: "success",
          messageKey: "room.actions.accepted.toast",
          params: { code: code ?? "" },
        });
      case "certificate-review":
        await reviewCertificate(db, actor, { dossierId, certificateId: input.certificateId, outcome: input.outcome, reason: input.reason });
        return redirectWithToast(context, roomUrl(dossierId, code), {
          kind: input.outcome === "validated" ? "success" : "info",
          messageKey: input.outcome === "validated" ? "room.circuit.review.validated.toast" : "room.circuit.review.refused.toast",
        });
      case "revision-decide":
        await decideRevision(db, actor, {
          dossierId,
          revisionId: input.revisionId,
          outcome: input.outcome,
          reason: input.reason,
          expectedVersion: input.expectedVersion,
        });
        return redirectWithToast(context, roomUrl(dossierId, code), {
          kind: "success",
          messageKey: input.outcome === "validated" ? "room.revision.validatedToast" : "room.revision.sentBackToast",
          params: { code: code ?? "" },
        });
      case "committee-start":
        await startCommittee(db, actor, dossierId);
        return redirectWithToast(context, roomUrl(dossierId, code), { kind: "success", messageKey: "room.committee.started" });
      case "committee-end":
        await endCommittee(db, actor, input.sessionId);
        return redirectWithToast(context, roomUrl(dossierId, code), { kind: "info", messageKey: "room.committee.ended" });
      case "committee-presence":
        await recordCommitteePresence(db, actor, input.sessionId, input.userIds);
        break;
      case "expert-request": {
        const asked = await requestExpertOpinion(db, accountDeps(context.services), actor, { ...input, dossierId });
        return redirectWithToast(context, `${roomUrl(dossierId, code)}#avis-experts`, {
          kind: asked.mailSent ? "success" : "warning",
          messageKey: !asked.mailSent ? "experts.form.mailFailed" : asked.invited ? "experts.form.sentInvited" : "experts.form.sent",
        });
      }
      case "expert-reply":
        await postExpertMessage(db, actor, input);
        return redirectWithToast(context, `${roomUrl(dossierId, code)}#avis-experts`, {
          kind: "success",
          messageKey: "experts.reply.done",
        });
      case "expert-withdraw":
        await withdrawExpertRequest(db, actor, input.requestId);
        return redirectWithToast(context, `${roomUrl(dossierId, code)}#avis-experts`, {
          kind: "info",
          messageKey: "experts.withdraw.done",
        });
      case "close":
        await closeExamination(db, actor, {
          dossierId,
          outcome: input.outcome,
          message: input.message,
          expectedVersion: input.dossierVersion,
        });
        return redirectWithToast(context, roomUrl(dossierId), { kind: "success", messageKey: CLOSED_TOAST[input.outcome] });
    }
  } catch (error) {
    // A concurrent decision: the examiner is told what the other one decided.
    const current = isReviewConflict(error) ? error.current : null;
    return replyRefused(submission, error, {
      form: intent,
      moreFormErrors: current
        ? [
            t("examination.page.conflictCurrent", {
              decision: t(`examination.decision.${current.decision}`),
              reason: current.reason ? ` — ${current.reason}` : "",
            }),
          ]
        : [],
    });
  }
  return replyDone(submission, { form: intent });
}

export default function ExaminationPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  return <ReviewRoom {...data} reply={reply} busy={navigation.state !== "idle"} />;
}
