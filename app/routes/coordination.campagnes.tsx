import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { parseWithZod } from "@conform-to/zod/v4";
import { canRunControlCampaigns } from "../../domain/permissions/policy";
import { campaignFormSchema, NO_REGION } from "../../domain/campaigns/campaign.schema";
import { campaignsPage, MEMBERS_PER_PAGE } from "../../domain/campaigns/campaigns-page";
import {
  createCampaign,
  openCampaignControls,
  previewCampaign,
  verifyCampaignDraw,
  PREVIEW_NAMES,
  type CampaignPreview,
  type DrawVerification,
} from "../../domain/campaigns/campaigns.service";
import type { CampaignMemberRow } from "../../domain/campaigns/campaign-progress.queries";
import { pageNumber, requireSearchParam, uuidField } from "../../domain/validation/fields";
import { formatDateTime, formatNumber, tp } from "../../domain/i18n/format";
import { displayMessage } from "../../domain/i18n/translate";
import { requirePermission } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused, type FormReply } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { httpError } from "../utils/http-errors.server";
import { FieldError, FormErrors, fieldErrors, formErrors, replyFor } from "../components/ui/field-error";
import { Alert } from "../components/ui/alert";
import { Badge } from "../components/ui/badge";
import { Button, ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { Field, Input, Textarea } from "../components/ui/field";
import { PageHeader } from "../components/ui/page-header";
import { Pagination } from "../components/ui/pagination";
import { Progress } from "../components/ui/progress";
import { Select } from "../components/ui/select";
import { Stat, StatGroup } from "../components/ui/stat";
import { DataTable } from "../components/ui/table";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("nav.campaigns")} — ${t("app.name")}` }];

/** How long one request opens controls before it hands back (the rest: "Poursuivre l'ouverture"). */
const OPENING_BUDGET_MS = 15_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, canRunControlCampaigns);
  const url = new URL(request.url);
  const versionId = requireSearchParam(uuidField, "referentiel", url.searchParams.get("referentiel"), undefined);
  const campaignId = requireSearchParam(uuidField, "campagne", url.searchParams.get("campagne"), undefined);
  const page = requireSearchParam(pageNumber, "page", url.searchParams.get("page"), 1);
  return campaignsPage(context.services.db, actor, { versionId, campaignId, page });
}

/** What was previewed, sent back by the confirmation as it was (editing the form asks for a new preview). */
interface PreviewedParameters {
  name: string;
  reason: string;
  referentielVersionId: string;
  indicatorIds: string[];
  /** The share as typed back: "2.5". */
  percent: string;
  regions: string[];
}
type PreviewReply = FormReply & { preview?: CampaignPreview & { parameters: PreviewedParameters } };
type VerifyReply = FormReply & { verification?: DrawVerification & { campaignId: string } };

/** The toast's counts as French phrases, singular for 0 and 1 ("0 organisme écarté"). */
const openingCounts = (opening: { opened: number; skipped: number; pending: number }) => ({
  opened: tp("campaigns.count.opened", opening.opened),
  skipped: tp("campaigns.count.skipped", opening.skipped),
  pending: tp("campaigns.count.pending", opening.pending),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canRunControlCampaigns);
  const db = context.services.db;
  const submission = parseWithZod(await request.formData(), { schema: campaignFormSchema });
  if (submission.status !== "success") {
    const intent = String(submission.payload.intent);
    if (!["preview", "confirm", "resume", "verify"].includes(intent)) throw httpError(400);
    return replyInvalid(submission, { form: intent === "confirm" ? "preview" : intent });
  }
  const input = submission.value;
  const url = (campaignId: string) => `/coordination/campagnes?campagne=${campaignId}#campagne-${campaignId}`;
  switch (input.intent) {
    case "preview": {
      const parameters = { ...input, percentBp: input.percent };
      try {
        const preview = await previewCampaign(db, actor, parameters);
        const previewed: PreviewedParameters = {
          name: input.name,
          reason: input.reason,
          referentielVersionId: input.referentielVersionId,
          indicatorIds: input.indicatorIds,
          percent: String(input.percent / 100),
          regions: input.regions,
        };
        const reply: PreviewReply = { ...replyDone(submission, { form: "preview" }), preview: { ...preview, parameters: previewed } };
        return reply;
      } catch (error) {
        return replyRefused(submission, error, { form: "preview" });
      }
    }
    case "confirm": {
      let created: { id: string; drawn: number };
      try {
        created = await createCampaign(db, actor, {
          ...input,
          percentBp: input.percent,
          expectedPopulationHash: input.populationHash,
        });
      } catch (error) {
        return replyRefused(submission, error, { form: "preview" });
      }
      const opening = await openCampaignControls(db, actor, created.id, { budgetMs: OPENING_BUDGET_MS });
      return redirectWithToast(context, url(created.id), {
        kind: opening.pending > 0 || opening.skipped > 0 ? "warning" : "success",
        messageKey: opening.pending > 0 ? "campaigns.created.partial" : "campaigns.created",
        params: { name: input.name, ...openingCounts(opening) },
      });
    }
    case "resume": {
      try {
        const opening = await openCampaignControls(db, actor, input.campaignId, { budgetMs: OPENING_BUDGET_MS });
        return redirectWithToast(context, url(input.campaignId), {
          kind: opening.pending > 0 || opening.skipped > 0 ? "warning" : "success",
          messageKey: opening.pending > 0 ? "campaigns.resumed.partial" : "campaigns.resumed",
          params: openingCounts(opening),
        });
      } catch (error) {
        return replyRefused(submission, error, { form: "resume" });
      }
    }
    case "verify": {
      try {
        const verification = await verifyCampaignDraw(db, actor, input.campaignId);
        const reply: VerifyReply = {
          ...replyDone(submission, { form: "verify" }),
          verification: { ...verification, campaignId: input.campaignId },
        };
        return reply;
      } catch (error) {
        return replyRefused(submission, error, { form: "verify" });
      }
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const percentText = (bp: number) => `${formatNumber(bp / 100, 2)} %`;
const regionName = (region: string) => region || t("campaigns.region.none");

export default function Campaigns() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (PreviewReply & VerifyReply) | undefined;
  const previewReply = replyFor(reply, "preview");
  const preview = previewReply?.preview;
  return (
    <>
      <PageHeader title={t("nav.campaigns")} lead={t("campaigns.lead")} />
      <div className="flex flex-col gap-8">
        <NewCampaign data={data} reply={previewReply} />
        {preview ? <PreviewCard preview={preview} /> : null}
        <CampaignList data={data} reply={reply} />
        {data.selected ? <Members selected={data.selected} /> : null}
      </div>
    </>
  );
}

/** A value the preview form sent, as the reply gives it back (the page without JavaScript keeps what was typed). */
function sentValue(reply: PreviewReply | undefined, name: string): string | undefined {
  const value = reply?.result.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}

function sentValues(reply: PreviewReply | undefined, name: string): string[] {
  const value = reply?.result.initialValue?.[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function NewCampaign({ data, reply }: { data: LoaderData; reply: PreviewReply | undefined }) {
  const { version, versions, indicators, regions } = data;
  const busy = useNavigation().state === "submitting";
  // A new page (after a campaign is created, or another référentiel chosen) starts from an empty form.
  const location = useLocation();
  const ticked = new Set(sentValues(reply, "indicatorIds"));
  const regionsTicked = new Set(sentValues(reply, "regions"));
  return (
    <Card title={t("campaigns.new.title")} titleId="new-campaign">
      {versions.length === 0 || !version ? (
        <EmptyState title={t("campaigns.new.noVersion")} />
      ) : (
        <div className="flex flex-col gap-6">
          <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <Field id="campaign-version" label={t("campaigns.field.version")} className="mb-0! min-w-0 flex-1">
              {(control) => (
                <Select
                  {...control}
                  name="referentiel"
                  defaultValue={version.id}
                  options={versions.map((v) => ({
                    value: v.id,
                    label: t("campaigns.versionOption", { name: v.name, version: v.version, count: formatNumber(v.datadocke) }),
                  }))}
                />
              )}
            </Field>
            <div>
              <Button type="submit" variant="secondary">
                {t("campaigns.chooseVersion")}
              </Button>
            </div>
          </Form>
          <Form key={location.key} method="post" aria-labelledby="new-campaign" className="flex flex-col gap-4" noValidate>
            <input type="hidden" name="intent" value="preview" />
            <input type="hidden" name="referentielVersionId" value={version.id} />
            <FormErrors errors={formErrors(reply)} />
            <Field id="campaign-name" label={t("campaigns.field.name")} errors={fieldErrors(reply, "name")} className="mb-0!">
              {(control) => <Input {...control} name="name" required maxLength={200} defaultValue={sentValue(reply, "name")} />}
            </Field>
            <Field
              id="campaign-reason"
              label={t("campaigns.field.reason")}
              hint={t("campaigns.field.reasonHint")}
              errors={fieldErrors(reply, "reason")}
              className="mb-0!"
            >
              {(control) => (
                <Textarea {...control} name="reason" rows={3} required maxLength={2000} defaultValue={sentValue(reply, "reason")} />
              )}
            </Field>
            <Field
              id="campaign-percent"
              label={t("campaigns.field.percent")}
              hint={t("campaigns.field.percentHint")}
              errors={fieldErrors(reply, "percent")}
              className="mb-0!"
            >
              {(control) => (
                <Input
                  {...control}
                  name="percent"
                  inputMode="decimal"
                  required
                  className="max-w-40"
                  defaultValue={sentValue(reply, "percent")}
                />
              )}
            </Field>
            <fieldset
              className="m-0 min-w-0 border-0 p-0"
              aria-describedby={fieldErrors(reply, "indicatorIds") ? "campaign-indicators-error" : undefined}
            >
              <legend className="mb-2 font-medium">{t("campaigns.field.indicators")}</legend>
              {indicators.length === 0 ? (
                <p className="m-0 text-ink-muted">{t("campaigns.field.noIndicators")}</p>
              ) : (
                <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                  {indicators.map((i) => (
                    <label key={i.id} className="flex items-start gap-2">
                      <input
                        type="checkbox"
                        name="indicatorIds"
                        value={i.id}
                        defaultChecked={ticked.has(i.id)}
                        className="mt-1 h-5 w-5 shrink-0"
                      />
                      <span className="min-w-0 break-words">
                        <strong>{i.code}</strong> {i.title}
                      </span>
                    </label>
                  ))}
                </div>
              )}
              <FieldError id="campaign-indicators-error" errors={fieldErrors(reply, "indicatorIds")} />
            </fieldset>
            <fieldset className="m-0 min-w-0 border-0 p-0" aria-describedby="campaign-regions-hint">
              <legend className="mb-1 font-medium">{t("campaigns.field.regions")}</legend>
              <p id="campaign-regions-hint" className="mt-0 mb-2 text-sm text-ink-muted">
                {t("campaigns.field.regionsHint")}
              </p>
              {regions.length === 0 ? (
                <p className="m-0 text-ink-muted">{t("campaigns.field.noRegions")}</p>
              ) : (
                <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                  {regions.map((r) => (
                    <label key={r.region} className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        name="regions"
                        value={r.region || NO_REGION}
                        defaultChecked={regionsTicked.has(r.region || NO_REGION)}
                        className="h-5 w-5 shrink-0"
                      />
                      <span className="min-w-0 break-words">
                        {t("campaigns.regionOption", { region: regionName(r.region), count: formatNumber(r.count) })}
                      </span>
                    </label>
                  ))}
                </div>
              )}
              <FieldError id="campaign-regions-error" errors={fieldErrors(reply, "regions")} />
            </fieldset>
            <Field
              id="campaign-seed"
              label={t("campaigns.field.seed")}
              hint={t("campaigns.field.seedHint")}
              errors={fieldErrors(reply, "seed")}
              className="mb-0!"
            >
              {(control) => (
                <Input {...control} name="seed" inputMode="numeric" className="max-w-48" defaultValue={sentValue(reply, "seed")} />
              )}
            </Field>
            <div>
              <Button type="submit" disabled={busy}>
                {t("campaigns.preview")}
              </Button>
            </div>
          </Form>
        </div>
      )}
    </Card>
  );
}

function PreviewCard({ preview }: { preview: NonNullable<PreviewReply["preview"]> }) {
  const busy = useNavigation().state === "submitting";
  const frame = useRef<HTMLDivElement>(null);
  // Each new preview comes into view (below a long form); its summary is announced (Alert).
  useEffect(() => {
    // A block body: scrollIntoView may return a promise, which React would take for a clean-up function.
    frame.current?.scrollIntoView({ block: "start" });
  }, [preview.seed, preview.populationHash]);
  return (
    <div ref={frame} className="scroll-mt-4">
      <Card title={t("campaigns.previewTitle")} titleId="campaign-preview">
        <div className="flex flex-col gap-4">
          <Alert tone="info" announce>
            <p>
              {t("campaigns.previewLead", {
                total: formatNumber(preview.total),
                population: formatNumber(preview.populationSize),
                seed: String(preview.seed),
              })}
            </p>
          </Alert>
          <StatGroup label={t("campaigns.previewTitle")}>
            <Stat label={t("campaigns.stat.population")} value={formatNumber(preview.populationSize)} />
            <Stat label={t("campaigns.stat.drawn")} value={formatNumber(preview.total)} />
          </StatGroup>
          <StrataTable strata={preview.strata} caption={t("campaigns.strata.caption")} />
          <details>
            <summary className="cursor-pointer font-medium text-primary">
              {preview.total > PREVIEW_NAMES
                ? t("campaigns.previewNames.first", { count: formatNumber(PREVIEW_NAMES), total: formatNumber(preview.total) })
                : t("campaigns.previewNames.all", { count: formatNumber(preview.total) })}
            </summary>
            <ul className="mt-2 mb-0 flex list-disc flex-col gap-1 pl-6">
              {preview.drawn.map((d) => (
                <li key={d.organisationId} className="break-words">
                  {d.name} <span className="text-ink-muted">— {regionName(d.region)}</span>
                </li>
              ))}
            </ul>
          </details>
          <ConfirmForm preview={preview} busy={busy} />
        </div>
      </Card>
    </div>
  );
}

/** Confirms the previewed draw: the parameters previewed (not the form as edited since), its seed and population. */
function ConfirmForm({ preview, busy }: { preview: NonNullable<PreviewReply["preview"]>; busy: boolean }) {
  const p = preview.parameters;
  return (
    <Form method="post" className="flex flex-col gap-2">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="name" value={p.name} />
      <input type="hidden" name="reason" value={p.reason} />
      <input type="hidden" name="referentielVersionId" value={p.referentielVersionId} />
      <input type="hidden" name="percent" value={p.percent} />
      {p.indicatorIds.map((id) => (
        <input key={id} type="hidden" name="indicatorIds" value={id} />
      ))}
      {p.regions.map((region) => (
        <input key={region || NO_REGION} type="hidden" name="regions" value={region || NO_REGION} />
      ))}
      <input type="hidden" name="seed" value={preview.seed} />
      <input type="hidden" name="populationHash" value={preview.populationHash} />
      <p className="m-0 text-sm text-ink-muted">{t("campaigns.confirmHint")}</p>
      <div>
        <Button type="submit" disabled={busy}>
          {t("campaigns.confirm", { count: formatNumber(preview.total) })}
        </Button>
      </div>
    </Form>
  );
}

function StrataTable({ strata, caption }: { strata: { region: string; population: number; drawn: number }[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      rows={strata}
      rowKey={(s) => s.region || NO_REGION}
      columns={[
        { header: t("campaigns.strata.region"), rowHeader: true, cell: (s) => regionName(s.region) },
        { header: t("campaigns.strata.population"), align: "end", cell: (s) => formatNumber(s.population) },
        { header: t("campaigns.strata.drawn"), align: "end", cell: (s) => formatNumber(s.drawn) },
      ]}
    />
  );
}

function CampaignList({ data, reply }: { data: LoaderData; reply: (PreviewReply & VerifyReply) | undefined }) {
  const verification = replyFor(reply, "verify")?.verification;
  const resumeErrors = formErrors(replyFor(reply, "resume"));
  return (
    <section aria-labelledby="campaigns-title" className="flex flex-col gap-4">
      <h2 id="campaigns-title" className="m-0 text-xl font-bold">
        {t("campaigns.list.title")}
      </h2>
      <FormErrors errors={resumeErrors} />
      {data.campaigns.length === 0 ? (
        <EmptyState title={t("campaigns.list.empty")}>{t("campaigns.list.emptyHint")}</EmptyState>
      ) : (
        data.campaigns.map((c) => (
          <CampaignCard key={c.id} campaign={c} verification={verification?.campaignId === c.id ? verification : undefined} />
        ))
      )}
    </section>
  );
}

function CampaignCard({
  campaign: c,
  verification,
}: {
  campaign: LoaderData["campaigns"][number];
  verification: (DrawVerification & { campaignId: string }) | undefined;
}) {
  const p = c.progress;
  const busy = useNavigation().state === "submitting";
  return (
    <article
      id={`campagne-${c.id}`}
      aria-labelledby={`campagne-${c.id}-title`}
      className="rounded-md border border-line bg-white p-4 sm:p-6"
    >
      <h3 id={`campagne-${c.id}-title`} className="m-0 text-lg font-bold break-words">
        {c.name}
      </h3>
      <p className="mt-1 mb-4 text-sm break-words text-ink-muted">
        {t("campaigns.card.meta", {
          date: formatDateTime(c.createdAt),
          name: c.createdByName ?? "—",
          referentiel: c.referentielName,
          version: c.version,
          percent: percentText(c.percentBp),
          regions: c.regions.length === 0 ? t("campaigns.card.allRegions") : c.regions.map(regionName).join(", "),
          indicators: c.indicatorCodes.join(", "),
        })}
      </p>
      <div className="flex flex-col gap-4">
        <Progress
          label={t("campaigns.progress.label")}
          value={p.opened + p.skipped}
          max={Math.max(p.drawn, 1)}
          valueText={t("campaigns.progress.value", { done: formatNumber(p.opened + p.skipped), drawn: formatNumber(p.drawn) })}
        />
        <StatGroup label={t("campaigns.card.figures", { name: c.name })}>
          <Stat
            label={t("campaigns.stat.drawn")}
            value={formatNumber(p.drawn)}
            hint={t("campaigns.stat.of", { population: formatNumber(c.populationSize) })}
          />
          <Stat label={t("campaigns.stat.opened")} value={formatNumber(p.opened)} />
          <Stat label={t("campaigns.stat.answered")} value={formatNumber(p.answered)} />
          <Stat label={t("campaigns.stat.closed")} value={formatNumber(p.closed)} />
        </StatGroup>
        <StatGroup label={t("campaigns.card.outcomes", { name: c.name })}>
          <Stat label={t("campaigns.stat.maintained")} value={formatNumber(p.maintained)} />
          <Stat label={t("campaigns.stat.nonConforme")} value={formatNumber(p.nonConforme)} />
          <Stat label={t("campaigns.stat.deListed")} value={formatNumber(p.deListed)} />
          {p.skipped > 0 ? <Stat label={t("campaigns.stat.skipped")} value={formatNumber(p.skipped)} /> : null}
          {p.pending > 0 ? <Stat label={t("campaigns.stat.pending")} value={formatNumber(p.pending)} /> : null}
        </StatGroup>
        <details>
          <summary className="cursor-pointer font-medium text-primary">{t("campaigns.card.draw")}</summary>
          <div className="mt-2 flex flex-col gap-3">
            <p className="m-0 break-words">
              {t("campaigns.card.drawText", { seed: c.seed, algorithm: c.algorithm, population: formatNumber(c.populationSize) })}
            </p>
            <p className="m-0 text-sm break-all text-ink-muted">{t("campaigns.card.fingerprint", { hash: c.populationHash })}</p>
            <StrataTable strata={c.strata} caption={t("campaigns.strata.captionOf", { name: c.name })} />
          </div>
        </details>
        {verification ? <VerificationResult verification={verification} /> : null}
        <div className="flex flex-wrap gap-2">
          <Form method="post">
            <input type="hidden" name="intent" value="verify" />
            <input type="hidden" name="campaignId" value={c.id} />
            <Button type="submit" variant="secondary" size="sm" disabled={busy}>
              {t("campaigns.verify")}
              <span className="sr-only"> {c.name}</span>
            </Button>
          </Form>
          {p.pending > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resume" />
              <input type="hidden" name="campaignId" value={c.id} />
              <Button type="submit" size="sm" disabled={busy}>
                {t("campaigns.resume", { count: formatNumber(p.pending) })}
                <span className="sr-only"> {c.name}</span>
              </Button>
            </Form>
          ) : null}
          <ButtonLink to={`/coordination/campagnes?campagne=${c.id}#membres`} variant="tertiary" size="sm">
            {t("campaigns.members.open")}
            <span className="sr-only"> {c.name}</span>
          </ButtonLink>
        </div>
      </div>
    </article>
  );
}

function VerificationResult({ verification: v }: { verification: DrawVerification }) {
  if (v.matches) {
    return (
      <Alert tone="success" title={t("campaigns.verify.ok")} className="mb-0">
        <p>
          {t("campaigns.verify.okText", { seed: String(v.seed), population: formatNumber(v.populationSize), drawn: formatNumber(v.drawn) })}
        </p>
      </Alert>
    );
  }
  return (
    <Alert tone="error" title={t("campaigns.verify.failed")} className="mb-0">
      {v.algorithmKnown ? null : <p>{t("campaigns.verify.algorithmUnknown")}</p>}
      {v.populationIntact ? null : <p>{t("campaigns.verify.populationAltered")}</p>}
      {v.drawReplayed ? null : <p>{t("campaigns.verify.drawDiffers")}</p>}
    </Alert>
  );
}

function memberState(row: CampaignMemberRow) {
  if (row.state === "pending") return <Badge tone="neutral">{t("campaigns.member.pending")}</Badge>;
  if (row.state === "skipped") {
    return (
      <span className="flex flex-col gap-1">
        <Badge tone="warning">{t("campaigns.member.skipped")}</Badge>
        {row.skipReason ? <span className="text-sm text-ink-muted">{displayMessage(row.skipReason)}</span> : null}
      </span>
    );
  }
  if (row.outcome === "datadocke") return <Badge tone="success">{t("campaigns.member.maintained")}</Badge>;
  if (row.outcome === "non_conforme") return <Badge tone="error">{t("campaigns.member.nonConforme")}</Badge>;
  if (row.outcome === "dereference") return <Badge tone="error">{t("campaigns.member.deListed")}</Badge>;
  return <Badge tone="info">{t("campaigns.member.inProgress")}</Badge>;
}

function Members({ selected }: { selected: NonNullable<LoaderData["selected"]> }) {
  const pageCount = Math.max(1, Math.ceil(selected.total / MEMBERS_PER_PAGE));
  return (
    <section id="membres" aria-labelledby="members-title" className="flex flex-col gap-3">
      <h2 id="members-title" className="m-0 text-xl font-bold break-words">
        {t("campaigns.members.title", { name: selected.name })}
      </h2>
      <DataTable
        caption={t("campaigns.members.title", { name: selected.name })}
        captionHidden
        layout="cards"
        rows={selected.rows}
        rowKey={(m) => m.organisationId}
        empty={<EmptyState title={t("campaigns.members.empty")} />}
        columns={[
          {
            header: t("campaigns.members.organisation"),
            rowHeader: true,
            cell: (m) => (
              <Link to={`/financeur/organismes/${m.organisationId}`} className="break-words">
                {m.name}
              </Link>
            ),
          },
          { header: t("campaigns.strata.region"), cell: (m) => regionName(m.region) },
          { header: t("campaigns.members.state"), cell: memberState },
          { header: t("campaigns.members.answered"), cell: (m) => (m.answered ? t("campaigns.members.yes") : "—") },
        ]}
      />
      <Pagination
        page={selected.page}
        pageCount={pageCount}
        hrefFor={(page) => `/coordination/campagnes?campagne=${selected.id}&page=${page}#membres`}
      />
    </section>
  );
}
