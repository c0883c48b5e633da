import { acceptCorrectiveAction } from "../../domain/dossiers/corrective-actions.service";
import { reviewCertificate } from "../../domain/circuit-court/certificate-review.service";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { loadExamination, onlyChangedCriteria } from "../../domain/examination/examination-view";
import { decideIndicator, isReviewConflict } from "../../domain/examination/decision";
import { closeExamination } from "../../domain/examination/close";
import { assignDossier, takeDossier } from "../../domain/examination/take";
import { queueFilterOptions } from "../../domain/examination/queue";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import { canAssign, canExamine } from "../../domain/permissions/policy";
import { addCoExaminer, decisionRights, removeCoExaminer } from "../../domain/examination/co-examiners";
import type { IndicatorDecision } from "../../domain/examination/decision";
import { IndicatorReview } from "../components/funder/indicator-review";
import { useReviewShortcuts } from "../components/funder/use-review-shortcuts";
import { parseWithZod } from "@conform-to/zod/v4";
import { EXAMINATION_INTENTS, examinationFormSchema } from "../../domain/examination/examination.schema";
import { requireFunderSide } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { ReplyMessages, isDone } from "../components/ui/field-error";
import { toHttpError } from "../utils/http-errors.server";
import { httpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { collabDocumentAccess } from "../../domain/permissions/collab-document.policy";
import { ReviewNotes } from "../components/live/review-notes";
import { CoExaminersPanel } from "../components/funder/co-examiners-panel";
import { LiveDossierPanel } from "../components/live/live-dossier-panel";
import {
  decideInCommittee,
  endCommittee,
  findOpenCommittee,
  recordCommitteePresence,
  startCommittee,
} from "../../domain/examination/committee.service";
import { dossierThreadSummaries } from "../../domain/threads/thread-view.service";
import { FunderThreads } from "../components/threads/funder-threads";
import liveStyles from "../styles/live.css";
import { tp } from "../../domain/i18n/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("examination.page.title", { organisation: data?.view.organisation.name ?? "" })} — ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const db = context.services.db;
  const view = await loadExamination(db, actor, dossierId).catch(toHttpError);
  const assignable = canAssign(actor) && (view.dossier.status === "soumis" || view.dossier.status === "en_examen");
  // Who decides here: the examiner and their co-examiners (decision record 022).
  const rights = await decisionRights(db, actor, { id: view.dossier.id, examiner_id: view.dossier.examinerId });
  return {
    view,
    canDecide: rights.canDecide && view.dossier.status === "en_examen",
    isDeciderElsewhere: !rights.canDecide && view.dossier.status === "en_examen",
    coExaminers: { list: rights.coExaminers, candidates: rights.candidates, canManage: rights.canManageCoExaminers },
    canTake: canExamine(actor) && view.dossier.status === "soumis",
    examiners: assignable ? (await queueFilterOptions(db)).examiners : [],
    me: { id: actor.userId, name: actor.fullName || actor.email },
    notesEditable: collabDocumentAccess(actor, "dossier") === "write",
    threadSummaries: await dossierThreadSummaries(db, actor, dossierId).catch(toHttpError),
    /** The open committee session (decision record 035), for the review room. */
    committee: (await findOpenCommittee(db, dossierId)) ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const { db } = context.services;
  const submission = parseWithZod(await request.formData(), { schema: examinationFormSchema });
  const intent = String(submission.payload.intent ?? "");
  if (!EXAMINATION_INTENTS.includes(intent)) throw httpError(400);
  if (submission.status !== "success") return replyInvalid(submission, { form: intent });
  const input = submission.value;
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
        break;
      }
      case "accept-corrective-action":
        await acceptCorrectiveAction(db, actor, input.actionId);
        break;
      case "certificate-review":
        await reviewCertificate(db, actor, { dossierId, certificateId: input.certificateId, outcome: input.outcome, reason: input.reason });
        break;
      case "committee-start":
        await startCommittee(db, actor, dossierId);
        break;
      case "committee-end":
        await endCommittee(db, actor, input.sessionId);
        break;
      case "committee-presence":
        await recordCommitteePresence(db, actor, input.sessionId, input.userIds);
        break;
      case "close":
        await closeExamination(db, actor, {
          dossierId,
          outcome: input.outcome,
          message: input.message,
          expectedVersion: input.dossierVersion,
        });
        break;
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
  const { view, canDecide, isDeciderElsewhere, coExaminers, canTake, examiners, me, notesEditable, threadSummaries } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const onlyChanged = searchParams.get("filtre") === "modifies";
  const shownCriteria = onlyChanged ? onlyChangedCriteria(view.criteria) : view.criteria;
  useReviewShortcuts(canDecide);
  let index = 0;
  const busy = navigation.state !== "idle";
  return (
    <>
      <p>
        <Link to="/financeur/examens">← {t("examination.queue.title")}</Link>
      </p>
      <section className="page-header">
        <h1>{t("examination.page.title", { organisation: view.organisation.name })}</h1>
        <p>
          <span className="badge">{t(STATUS_LABEL_KEYS[view.dossier.status])}</span> · {view.referentielName} · SIRET{" "}
          {view.organisation.siret ?? "—"} · {view.organisation.region ?? "—"} ·{" "}
          {view.dossier.examinerName
            ? t("examination.page.examiner", { name: view.dossier.examinerName })
            : t("examination.page.noExaminer")}{" "}
          · <Link to={`/financeur/organismes/${view.organisation.id}`}>{t("examination.page.funderSpace")}</Link>
        </p>
      </section>
      {isDone(reply) ? null : <ReplyMessages reply={reply} />}
      <div className="exam-actions">
        {canTake ? (
          <Form method="post">
            <input type="hidden" name="intent" value="take" />
            <button type="submit" className="button" disabled={busy}>
              {t("examination.page.take")}
            </button>
          </Form>
        ) : null}
        {examiners.length > 0 ? (
          <Form method="post" className="form-row">
            <input type="hidden" name="intent" value="assign" />
            <div className="field">
              <label htmlFor="examinerId">{t("examination.page.assign")}</label>
              <select id="examinerId" name="examinerId" defaultValue={view.dossier.examinerId ?? ""} required>
                <option value="" disabled>
                  —
                </option>
                {examiners.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name} ({e.funderName})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t("examination.page.assignSubmit")}
            </button>
          </Form>
        ) : null}
      </div>
      <CoExaminersPanel {...coExaminers} busy={busy} />
      <LiveDossierPanel dossierId={view.dossier.id} userId={me.id} />
      <ReviewNotes dossierId={view.dossier.id} user={me} editable={notesEditable} />
      <FunderThreads
        dossierId={view.dossier.id}
        meId={me.id}
        indicators={view.criteria.flatMap((c) => c.indicators.map((i) => ({ code: i.code, title: i.title })))}
        summaries={threadSummaries}
      />
      {canDecide ? (
        <p className="muted">{t("examination.page.shortcuts")}</p>
      ) : (
        <p className="alert alert--warning">{t(isDeciderElsewhere ? "examination.page.notExaminer" : "examination.page.readOnly")}</p>
      )}
      {view.changedCodes.length > 0 ? (
        <p className="alert alert--warning" id="changed-since-submission">
          {tp("examination.changed.summary", view.changedCodes.length, { codes: view.changedCodes.join(", ") })}{" "}
          {onlyChanged ? (
            <Link to="?">{t("examination.changed.showAll")}</Link>
          ) : (
            <Link to="?filtre=modifies">{t("examination.changed.onlyChanged")}</Link>
          )}
        </p>
      ) : null}
      {shownCriteria.map((criterion) => (
        <section key={criterion.id} className="criterion">
          <h2>
            {t("referentiel.criterion", { number: criterion.number })} — {criterion.title}
          </h2>
          {criterion.indicators.map((indicator) => (
            <div key={indicator.id} data-changed-since-submission={indicator.answer?.changedAtLastSubmission ? "true" : undefined}>
              {indicator.answer?.changedAtLastSubmission ? (
                <p className="badge badge--warning changed-marker">
                  {indicator.code} — {t("examination.changed.marker")}
                </p>
              ) : null}
              <IndicatorReview indicator={indicator} index={index++} canDecide={canDecide} />
            </div>
          ))}
        </section>
      ))}
      {canDecide ? (
        <section className="card exam-close" aria-labelledby="closing-title">
          <h2 id="closing-title">{t("examination.page.closing")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="dossierVersion" value={view.dossier.version} />
            <div className="field">
              <label htmlFor="message">{t("examination.page.message")}</label>
              <textarea id="message" name="message" rows={3} />
            </div>
            <div className="exam-close__buttons">
              {(
                [
                  ["declare_datadocke", "examination.page.declare", "button"],
                  ["send_back", "examination.page.sendBack", "button button--secondary"],
                  ["close_non_conforme", "examination.page.nonConforme", "button button--danger"],
                ] as const
              ).map(([outcome, label, className]) => (
                <div key={outcome}>
                  <button
                    type="submit"
                    name="outcome"
                    value={outcome}
                    className={className}
                    disabled={busy || view.blockers[outcome].length > 0}
                  >
                    {t(label)}
                  </button>
                  {view.blockers[outcome].length > 0 ? <p className="muted">{view.blockers[outcome].map((k) => t(k)).join(" ")}</p> : null}
                </div>
              ))}
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
