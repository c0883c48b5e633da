import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DELAY_STAGE_LABEL_KEYS, DELAY_STAGES, MAX_DELAY_DAYS, REMINDER_LEAD_DAYS, type DelayStage } from "../../domain/delays/delay-rules";
import { delayRulesFormSchema } from "../../domain/delays/delay-rules.schema";
import { listDelayRules, updateDelayRules } from "../../domain/delays/delay-rules.service";
import { listLateDossiers } from "../../domain/delays/late-dossiers.queries";
import { listCoordinationLog } from "../../domain/coordination/coordination-log";
import { canEditDelayRules } from "../../domain/permissions/policy";
import { dayKeyInParis, formatDate, formatTimestamp, tp } from "../../domain/i18n/format";
import { requirePermission } from "../utils/auth.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { toHttpError } from "../utils/http-errors.server";
import { FormErrors } from "../components/ui/field-error";
import { SelectField, TextField } from "../components/ui/form-fields";
import { SubmitRow, useSchemaForm } from "../components/ui/schema-form";
import { Card } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { PageHeader } from "../components/ui/page-header";
import { DataTable } from "../components/ui/table";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("delays.page.title")} — ${t("app.name")}` }];

const PAGE = "/coordination/delais";
/** Late dossiers listed on the page (the daily mail lists fewer). */
const LATE_SHOWN = 100;
const DAY_MS = 86_400_000;

/** The delay rules (issue 15.2, decision record 045), the dossiers late today and who changed the rules. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, canEditDelayRules);
  const db = context.services.db;
  const today = dayKeyInParis(new Date());
  const [rules, late, log] = await Promise.all([
    listDelayRules(db, actor).catch(toHttpError),
    listLateDossiers(db, today, LATE_SHOWN),
    listCoordinationLog(db, ["delay_rules.updated"], 10),
  ]);
  return {
    rules,
    late: {
      total: late.total,
      rows: late.rows.map((r) => ({
        ...r,
        daysLate: Math.round((Date.parse(`${today}T12:00:00Z`) - Date.parse(`${r.dueOn}T12:00:00Z`)) / DAY_MS),
      })),
    },
    log: log.map((entry) => ({ id: entry.id, actorName: entry.actorName, createdAt: entry.createdAt.toISOString() })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canEditDelayRules);
  const submission = parseWithZod(await request.formData(), { schema: delayRulesFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await updateDelayRules(context.services.db, actor, submission.value);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithToast(context, PAGE, { kind: "success", messageKey: "delays.rules.saved" });
}

const UNIT_OPTIONS = () => [
  { value: "working", label: t("delays.rules.unit.working") },
  { value: "calendar", label: t("delays.rules.unit.calendar") },
];

const FIELDS: Record<DelayStage, { days: "takeDays" | "decisionDays" | "answerDays"; unit: "takeUnit" | "decisionUnit" | "answerUnit" }> = {
  take: { days: "takeDays", unit: "takeUnit" },
  decision: { days: "decisionDays", unit: "decisionUnit" },
  answer: { days: "answerDays", unit: "answerUnit" },
};

const HINT_KEYS = {
  take: "delays.rules.hint.take",
  decision: "delays.rules.hint.decision",
  answer: "delays.rules.hint.answer",
} as const;

export default function DelayRulesPage() {
  const { rules, late, log } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const days = (stage: DelayStage) => String(rules.find((r) => r.stage === stage)?.days ?? "");
  const unit = (stage: DelayStage) => (rules.find((r) => r.stage === stage)?.workingDays === false ? "calendar" : "working");
  const defaults = {
    takeDays: days("take"),
    takeUnit: unit("take"),
    decisionDays: days("decision"),
    decisionUnit: unit("decision"),
    answerDays: days("answer"),
    answerUnit: unit("answer"),
  } as const;
  const [form, fields] = useSchemaForm(delayRulesFormSchema, { id: "delay-rules", reply, defaultValue: defaults });
  return (
    <>
      <PageHeader title={t("delays.page.title")} lead={t("delays.page.lead", { lead: REMINDER_LEAD_DAYS })} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)] lg:items-start">
        <Card title={t("delays.rules.title")}>
          <p className="m-0 text-ink-muted">{t("delays.rules.lead")}</p>
          <p className="m-0 text-sm text-ink-muted">{t("delays.rules.unitHint")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Form method="post" className="mt-2 flex flex-col gap-6" {...getFormProps(form)}>
            {DELAY_STAGES.map((stage) => (
              <fieldset key={stage} className="m-0 flex min-w-0 flex-col gap-3 border-0 p-0">
                <legend className="mb-1 p-0 text-lg font-bold text-ink">{t(DELAY_STAGE_LABEL_KEYS[stage])}</legend>
                <p className="m-0 text-sm text-ink-muted">{t(HINT_KEYS[stage])}</p>
                <TextField
                  meta={fields[FIELDS[stage].days]}
                  label={t("delays.rules.days")}
                  hint={t("delays.rules.daysHint", { max: MAX_DELAY_DAYS })}
                  inputMode="numeric"
                />
                <SelectField meta={fields[FIELDS[stage].unit]} label={t("delays.rules.unit")} options={UNIT_OPTIONS()} />
              </fieldset>
            ))}
            <SubmitRow label={t("delays.rules.save")} />
          </Form>
          {log.length > 0 ? (
            <section aria-labelledby="delay-rules-history" className="border-t border-line pt-3">
              <h3 id="delay-rules-history" className="m-0 mb-2 text-base font-bold text-ink">
                {t("delays.rules.history")}
              </h3>
              <ul className="m-0 list-none p-0 text-sm text-ink-muted">
                {log.map((entry) => (
                  <li key={entry.id}>
                    {t("delays.rules.changedBy", { date: formatTimestamp(entry.createdAt), name: entry.actorName ?? "—" })}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </Card>
        <Card title={t("delays.late.title")}>
          <p className="m-0 text-ink-muted">
            {late.total > 0 ? tp("delays.late.total", late.total) : t("delays.late.none")}{" "}
            <Link to="/financeur/examens?delai=retard">{t("delays.late.queue")}</Link>
          </p>
          <DataTable
            caption={t("delays.late.title")}
            captionHidden
            layout="cards"
            rows={late.rows}
            rowKey={(r) => r.dossierId}
            empty={<EmptyState title={t("delays.late.empty")}>{t("delays.late.emptyHint")}</EmptyState>}
            columns={[
              {
                header: t("examination.queue.organisation"),
                rowHeader: true,
                cell: (r) => <Link to={`/financeur/examens/${r.dossierId}`}>{r.organisationName}</Link>,
              },
              { header: t("delays.queue.dueStage"), cell: (r) => t(DELAY_STAGE_LABEL_KEYS[r.stage]) },
              { header: t("delays.queue.due"), cell: (r) => formatDate(r.dueOn) },
              { header: t("delays.late.daysLate"), cell: (r) => tp("delays.late.days", r.daysLate), align: "end" },
              { header: t("examination.queue.examiner"), cell: (r) => r.examinerName ?? t("examination.queue.unassigned") },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
