import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  createDraftFrom,
  editIndicatorWording,
  markIndicatorVerified,
  publishVersion,
  setEvidenceExamples,
  setFormRules,
  versionDetail,
} from "../../domain/referentiels/referentiel-editing.service";
import { canManageReferentiels } from "../../domain/permissions/policy";
import { listMappableSources, listMappingsInto, removeMapping, saveMapping } from "../../domain/referentiels/indicator-mappings.service";
import { Select } from "../components/ui/select";
import { requirePermission } from "../utils/auth.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { referentielVersionFormSchema } from "../../domain/referentiels/referentiel-editing.schema";
import { requireUuid } from "../utils/uuid.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { fieldErrors, ReplyMessages, replyFor } from "../components/ui/field-error";
import { Badge } from "../components/ui/badge";
import { Breadcrumb } from "../components/ui/breadcrumb";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { ConfirmDialog } from "../components/ui/dialog";
import { Field, Input, Textarea } from "../components/ui/field";
import { PageHeader } from "../components/ui/page-header";
import { tp } from "../../domain/i18n/format";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("nav.referentiels")} — ${t("app.name")}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(request, context, canManageReferentiels);
  const versionId = requireUuid(params.versionId);
  const db = context.services.db;
  const detail = await versionDetail(db, versionId).catch(toHttpError);
  const [mappings, sources] = await Promise.all([listMappingsInto(db, versionId), listMappableSources(db, versionId)]);
  return { ...detail, mappings, sources };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canManageReferentiels);
  const versionId = requireUuid(params.versionId);
  const db = context.services.db;
  const submission = parseWithZod(await request.formData(), { schema: referentielVersionFormSchema });
  if (submission.status !== "success") {
    const intent = String(submission.payload.intent);
    if (!["wording", "verified", "draft", "publish", "rules", "examples", "mapping-save", "mapping-remove"].includes(intent))
      throw httpError(400);
    return replyInvalid(submission, { form: intent === "examples" ? `examples-${String(submission.payload.indicatorId)}` : intent });
  }
  const input = submission.value;
  const here = `/coordination/referentiels/${versionId}`;
  // After an indicator's form, back to that indicator, its criterion open (`ouvert` is the indicator's id).
  const atIndicator = (indicatorId: string) => `${here}?ouvert=${indicatorId}#indicator-${indicatorId}`;
  try {
    switch (input.intent) {
      case "wording":
        await editIndicatorWording(db, actor, input.indicatorId, input.title);
        return redirectWithToast(context, atIndicator(input.indicatorId), { kind: "success", messageKey: "referentiels.saved.wording" });
      case "verified":
        await markIndicatorVerified(db, actor, input.indicatorId, input.verified);
        return redirectWithToast(context, atIndicator(input.indicatorId), {
          kind: "success",
          messageKey: input.verified ? "referentiels.saved.verified" : "referentiels.saved.unverified",
        });
      case "draft": {
        const draft = await createDraftFrom(db, actor, versionId);
        return redirectWithToast(context, `/coordination/referentiels/${draft.id}`, {
          kind: "success",
          messageKey: "referentiels.saved.draft",
        });
      }
      case "publish":
        await publishVersion(db, actor, versionId);
        return redirectWithToast(context, here, { kind: "success", messageKey: "referentiels.saved.published" });
      case "rules":
        await setFormRules(db, actor, versionId, {
          descriptionMaxChars: input.descriptionMaxChars,
          evidenceMaxPerIndicator: input.evidenceMaxPerIndicator,
        });
        return redirectWithToast(context, here, { kind: "success", messageKey: "referentiels.saved.rules" });
      case "examples":
        await setEvidenceExamples(db, actor, versionId, input.indicatorId, input.examples);
        return redirectWithToast(context, atIndicator(input.indicatorId), { kind: "success", messageKey: "referentiels.saved.examples" });
      case "mapping-save":
        await saveMapping(db, actor, { toVersionId: versionId, ...input });
        return redirectWithToast(context, `${here}#mapping-title`, { kind: "success", messageKey: "referentiels.mapping.saved" });
      case "mapping-remove":
        await removeMapping(db, actor, { toVersionId: versionId, mappingId: input.mappingId });
        return redirectWithToast(context, `${here}#mapping-title`, { kind: "success", messageKey: "referentiels.mapping.removed" });
    }
  } catch (error) {
    const form = input.intent === "examples" ? `examples-${input.indicatorId}` : input.intent;
    return replyRefused(submission, error, { form });
  }
}

export default function ReferentielVersion() {
  const { version, criteria, indicators, editable, mappings, sources } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const rulesReply = replyFor(reply, "rules");
  const mappingReply = replyFor(reply, "mapping-save");
  const [params] = useSearchParams();
  const opened = params.get("ouvert");
  const title = `${t("referentiels.version")} ${version.version} — ${t(`referentiels.status.${version.status}`)}`;
  return (
    <>
      <Breadcrumb
        items={[
          { label: t("home.coordination.title"), to: "/coordination" },
          { label: t("nav.referentiels"), to: "/coordination/referentiels" },
          { label: title },
        ]}
      />
      <PageHeader
        title={title}
        lead={editable ? t("referentiels.editable") : t("referentiels.frozen")}
        actions={
          <>
            {version.status === "draft" ? (
              <ConfirmDialog
                trigger={<Button>{t("referentiels.publish")}</Button>}
                title={t("referentiels.publish.confirmTitle")}
                description={t("referentiels.publish.confirmText")}
                confirmLabel={t("referentiels.publish")}
                confirmVariant="primary"
                fields={{ intent: "publish" }}
              />
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="draft" />
              <Button type="submit" variant="secondary">
                {t("referentiels.newVersion")}
              </Button>
            </Form>
          </>
        }
      />
      <ReplyMessages reply={reply && reply.form !== "rules" && !reply.form.startsWith("examples-") ? reply : undefined} />
      <Card title={t("referentiels.rules.title")} titleId="rules-title" className="mb-8">
        <p className="mt-0 text-ink-muted">{t("referentiels.rules.lead")}</p>
        <Form method="post" className="grid gap-x-6 md:grid-cols-2 md:items-end">
          <input type="hidden" name="intent" value="rules" />
          <Field
            id="descriptionMaxChars"
            label={t("referentiels.rules.descriptionMax")}
            errors={fieldErrors(rulesReply, "descriptionMaxChars")}
            className="mb-4!"
          >
            {(control) => (
              <Input
                {...control}
                name="descriptionMaxChars"
                type="number"
                min={1}
                max={50000}
                required
                defaultValue={version.description_max_chars}
              />
            )}
          </Field>
          <Field
            id="evidenceMaxPerIndicator"
            label={t("referentiels.rules.evidenceMax")}
            errors={fieldErrors(rulesReply, "evidenceMaxPerIndicator")}
            className="mb-4!"
          >
            {(control) => (
              <Input
                {...control}
                name="evidenceMaxPerIndicator"
                type="number"
                min={1}
                max={100}
                required
                defaultValue={version.evidence_max_per_indicator}
              />
            )}
          </Field>
          <div>
            <Button type="submit">{t("referentiels.rules.save")}</Button>
          </div>
        </Form>
      </Card>
      <section aria-labelledby="criteria-title">
        <h2 id="criteria-title" className="mb-1 text-xl font-bold">
          {t("referentiels.criteria.title")}
        </h2>
        <p className="mt-0 mb-4 text-ink-muted">{t("referentiels.criteria.lead")}</p>
        <div className="flex flex-col gap-3">
          {criteria.map((c, index) => {
            const own = indicators.filter((i) => i.criterion_id === c.id);
            const toVerify = own.filter((i) => !i.verified).length;
            // The criterion whose form just answered stays open; the first one is open on arrival.
            const answered = own.some(
              (i) =>
                i.id === opened ||
                reply?.form === `examples-${i.id}` ||
                (reply?.form !== undefined && reply.result.initialValue?.indicatorId === i.id),
            );
            return (
              <details
                key={c.id}
                open={answered || (index === 0 && !reply && !opened)}
                className="group rounded-md border border-line bg-white"
              >
                <summary className="grid cursor-pointer list-none grid-cols-[auto_minmax(0,1fr)] items-baseline gap-x-3 gap-y-2 rounded-md px-4 py-3 hover:bg-primary-softer md:grid-cols-[auto_minmax(0,1fr)_auto] [&::-webkit-details-marker]:hidden">
                  <span aria-hidden="true" className="inline-block text-lg text-primary transition-transform group-open:rotate-90">
                    ›
                  </span>
                  <h3 className="m-0 text-lg font-bold">
                    {t("referentiel.criterion", { number: c.number })} — {c.title}
                  </h3>
                  <span className="col-start-2 flex flex-wrap gap-2 text-sm md:col-start-3">
                    <Badge>{tp("referentiels.criteria.indicators", own.length)}</Badge>
                    {toVerify > 0 ? <Badge tone="warning">{tp("referentiels.criteria.toVerify", toVerify)}</Badge> : null}
                  </span>
                </summary>
                <ol className="m-0 flex list-none flex-col gap-4 border-t border-line p-4">
                  {own.map((i) => {
                    const examplesReply = replyFor(reply, `examples-${i.id}`);
                    return (
                      <li key={i.id} id={`indicateur-${i.code}`} className="scroll-mt-4 rounded-md border border-line p-4">
                        <span id={`indicator-${i.id}`} />
                        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                          <h4 className="m-0 text-base font-bold">{t("referentiels.indicator", { code: i.code })}</h4>
                          <Form method="post" className="flex flex-wrap items-center gap-2">
                            <input type="hidden" name="intent" value="verified" />
                            <input type="hidden" name="indicatorId" value={i.id} />
                            <input type="hidden" name="verified" value={i.verified ? "false" : "true"} />
                            {i.verified ? (
                              <Badge tone="success">{t("referentiels.verified")}</Badge>
                            ) : (
                              <Badge tone="warning">{t("referentiels.unverified")}</Badge>
                            )}
                            <Button type="submit" size="sm" variant="tertiary">
                              {i.verified ? t("referentiels.markUnverified") : t("referentiels.markVerified")}
                              <span className="sr-only"> {t("referentiels.indicator", { code: i.code })}</span>
                            </Button>
                          </Form>
                        </div>
                        <div className="grid gap-4 lg:grid-cols-2">
                          {editable ? (
                            <Form method="post" className="flex min-w-0 flex-col gap-2">
                              <input type="hidden" name="intent" value="wording" />
                              <input type="hidden" name="indicatorId" value={i.id} />
                              <Field id={`title-${i.id}`} label={t("referentiels.wording", { code: i.code })} className="mb-0! max-w-none!">
                                {(control) => <Textarea {...control} name="title" rows={3} defaultValue={i.title} />}
                              </Field>
                              <div>
                                <Button type="submit" size="sm">
                                  {t("referentiels.wordingSave")}
                                </Button>
                              </div>
                            </Form>
                          ) : (
                            <div className="min-w-0">
                              <p className="m-0 font-medium">{t("referentiels.wording", { code: i.code })}</p>
                              <p className="mt-1 mb-0">{i.title}</p>
                            </div>
                          )}
                          <Form method="post" className="flex min-w-0 flex-col gap-2">
                            <input type="hidden" name="intent" value="examples" />
                            <input type="hidden" name="indicatorId" value={i.id} />
                            <Field
                              id={`examples-${i.id}`}
                              label={t("referentiels.rules.examples", { code: i.code })}
                              hint={t("referentiels.rules.examplesHint")}
                              errors={fieldErrors(examplesReply, "examples")}
                              className="mb-0! max-w-none!"
                            >
                              {(control) => (
                                <Textarea {...control} name="examples" rows={3} maxLength={2000} defaultValue={i.evidence_examples} />
                              )}
                            </Field>
                            <div>
                              <Button type="submit" size="sm" variant="secondary">
                                {t("referentiels.rules.examplesSave")}
                              </Button>
                            </div>
                          </Form>
                        </div>
                      </li>
                    );
                  })}
                </ol>
              </details>
            );
          })}
        </div>
      </section>
      <section aria-labelledby="mapping-title" className="mt-8 flex flex-col gap-3" data-testid="indicator-mapping">
        <h2 id="mapping-title" className="m-0 text-xl font-bold">
          {t("referentiels.mapping.title")}
        </h2>
        <p className="m-0 max-w-prose text-ink-muted">{t("referentiels.mapping.lead")}</p>
        <ReplyMessages reply={mappingReply} />
        {mappings.length === 0 ? (
          <p className="m-0">{t("referentiels.mapping.none")}</p>
        ) : (
          <ul className="m-0 flex list-none flex-col gap-2 p-0">
            {mappings.map((m) => {
              const carried = [
                ...(m.carryDescription ? [t("referentiels.mapping.description")] : []),
                ...(m.carryEvidence ? [t("referentiels.mapping.evidence")] : []),
              ];
              return (
                <li
                  key={m.id}
                  className="flex min-w-0 flex-wrap items-center justify-between gap-2 rounded-sm border border-line px-3 py-2"
                >
                  <span className="min-w-0 break-words">
                    {t("referentiels.mapping.pair", { fromCode: m.fromCode, fromReferentiel: m.fromReferentiel, toCode: m.toCode })}
                    {" — "}
                    {t("referentiels.mapping.carries", {
                      what: carried.length > 0 ? carried.join(", ") : t("referentiels.mapping.nothing"),
                    })}
                  </span>
                  <Form method="post" className="m-0">
                    <input type="hidden" name="intent" value="mapping-remove" />
                    <input type="hidden" name="mappingId" value={m.id} />
                    <Button type="submit" size="sm" variant="tertiary">
                      {t("referentiels.mapping.remove")}
                      <span className="sr-only">
                        {" "}
                        {t("referentiels.mapping.pair", { fromCode: m.fromCode, fromReferentiel: m.fromReferentiel, toCode: m.toCode })}
                      </span>
                    </Button>
                  </Form>
                </li>
              );
            })}
          </ul>
        )}
        {sources.length > 0 ? (
          <Form method="post" className="flex flex-col gap-2 rounded-md border border-line bg-white p-4">
            <input type="hidden" name="intent" value="mapping-save" />
            <Field label={t("referentiels.mapping.from")}>
              {(control) => (
                <Select
                  {...control}
                  name="fromIndicatorId"
                  options={sources.map((s) => ({ value: s.id, label: `${s.code} — ${s.referentiel} (v${s.version})` }))}
                />
              )}
            </Field>
            <Field label={t("referentiels.mapping.to")}>
              {(control) => <Select {...control} name="toIndicatorId" options={indicators.map((i) => ({ value: i.id, label: i.code }))} />}
            </Field>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="carryDescription" value="on" defaultChecked />
              {t("referentiels.mapping.carryDescription")}
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="carryEvidence" value="on" defaultChecked />
              {t("referentiels.mapping.carryEvidence")}
            </label>
            <div>
              <Button type="submit" variant="secondary">
                {t("referentiels.mapping.add")}
              </Button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}
