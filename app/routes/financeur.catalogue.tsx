import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { redirectWithToast } from "../utils/flash-toast.server";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { ConfirmDialog } from "../components/ui/dialog";
import { DataTable } from "../components/ui/table";
import { EmptyState } from "../components/ui/empty-state";
import { Field, Input } from "../components/ui/field";
import { fieldErrors } from "../components/ui/field-error";
import { DossierStatusBadge } from "../components/funder/dossier-status-badge";
import { OfSearchCombobox } from "../components/funder/of-search-combobox";
import {
  addToCatalogue,
  catalogueHistory,
  findOfBySiret,
  listCatalogue,
  removeFromCatalogue,
} from "../../domain/catalogues/catalogue.service";
import { funderIdOf } from "../../domain/permissions/actor-side";
import { canManageCatalogue } from "../../domain/permissions/policy";
import { primaryMembership } from "../../domain/permissions/actor";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { parseWithZod } from "@conform-to/zod/v4";
import { catalogueFormSchema } from "../../domain/catalogues/catalogue.schema";
import { invalid } from "../../domain/errors";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { ReplyMessages } from "../components/ui/field-error";
import { requirePermission } from "../utils/auth.server";
import { httpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { formatDate } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("catalogue.title")} — ${t("app.name")}` }];

function requireFunder(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = requirePermission(request, context, (a) => funderIdOf(a) !== null);
  return { actor, funderId: funderIdOf(actor)! };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, funderId } = requireFunder(request, context);
  const db = context.services.db;
  const [rows, history] = await Promise.all([listCatalogue(db, funderId), catalogueHistory(db, funderId, 50)]);
  return { rows, history, funderName: primaryMembership(actor)?.organisationName ?? "", canManage: canManageCatalogue(actor, funderId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, funderId } = requireFunder(request, context);
  const db = context.services.db;
  const submission = parseWithZod(await request.formData(), { schema: catalogueFormSchema });
  if (submission.status !== "success") {
    if (!["add", "remove"].includes(String(submission.payload.intent))) throw httpError(400);
    return replyInvalid(submission);
  }
  const input = submission.value;
  let name: string;
  try {
    if (input.intent === "add") {
      const of = await findOfBySiret(db, input.siret);
      if (!of) throw invalid({ siret: ["catalogue.unknownSiret"] });
      await addToCatalogue(db, actor, { funderId, organisationId: of.id, reason: input.reason });
      name = of.name;
    } else {
      const listed = (await listCatalogue(db, funderId)).find((r) => r.organisationId === input.organisationId);
      await removeFromCatalogue(db, actor, { funderId, organisationId: input.organisationId, reason: input.reason });
      name = listed?.name ?? "";
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
  // The redirect empties the form (no duplicate on a second click); the toast says what was done.
  return redirectWithToast(context, "/financeur/catalogue", {
    kind: "success",
    messageKey: input.intent === "add" ? "catalogue.added" : "catalogue.removed",
    params: { name },
  });
}

export default function Catalogue() {
  const location = useLocation();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const added = reply?.result.initialValue as Record<string, string> | undefined;
  return (
    <div className="flex flex-col gap-8">
      <header>
        <h1 className="m-0 text-3xl font-bold text-ink">{t("catalogue.title")}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">{t("catalogue.lead", { funder: data.funderName })}</p>
        <p className="mt-2 mb-0 flex flex-wrap gap-4">
          <a href="/financeur/catalogue.csv" download>
            {t("catalogue.export")}
          </a>
          <a href="/financeur/catalogue.csv?format=xlsx" download>
            {t("catalogue.exportXlsx")}
          </a>
        </p>
      </header>
      <ReplyMessages reply={reply} />
      {data.canManage ? (
        <Card title={t("catalogue.addTitle")} titleId="add-title">
          {/* Keyed by the navigation: after a successful add redirects here, the form is a fresh, empty one. */}
          <Form key={location.key} method="post" aria-labelledby="add-title" className="flex flex-col">
            <p className="mt-0 mb-4 text-ink-muted">{t("catalogue.addHint")}</p>
            <input type="hidden" name="intent" value="add" />
            <OfSearchCombobox
              id="siret"
              name="siret"
              label={t("catalogue.searchOf")}
              hint={t("catalogue.searchOfHint")}
              errors={fieldErrors(reply, "siret")}
              datadockeOnly
              required
            />
            <Field id="add-reason" label={t("catalogue.reason")} errors={fieldErrors(reply, "reason")}>
              {(control) => <Input {...control} name="reason" defaultValue={added?.reason ?? ""} />}
            </Field>
            <div>
              <Button type="submit">{t("catalogue.add")}</Button>
            </div>
          </Form>
        </Card>
      ) : null}
      <section aria-labelledby="listed-title" className="flex flex-col gap-3">
        <h2 id="listed-title" className="m-0 text-xl font-bold">
          {t("catalogue.listed")}
        </h2>
        <DataTable
          caption={t("catalogue.listed")}
          captionHidden
          layout="cards"
          rows={data.rows}
          rowKey={(r) => r.organisationId}
          empty={
            <EmptyState title={t("catalogue.empty")}>{t(data.canManage ? "catalogue.emptyHint" : "catalogue.emptyHintReader")}</EmptyState>
          }
          columns={[
            {
              header: t("catalogue.name"),
              rowHeader: true,
              cell: (r) => <Link to={`/financeur/organismes/${r.organisationId}`}>{r.name}</Link>,
            },
            { header: t("catalogue.siret"), cell: (r) => r.siret },
            { header: t("catalogue.region"), cell: (r) => r.region ?? "—" },
            { header: t("catalogue.status"), cell: (r) => (r.status ? <DossierStatusBadge status={r.status as DossierStatus} /> : "—") },
            { header: t("catalogue.addedAt"), cell: (r) => formatDate(r.addedAt) },
            ...(data.canManage
              ? [
                  {
                    header: <span className="sr-only">{t("catalogue.remove")}</span>,
                    cell: (r: (typeof data.rows)[number]) => (
                      <ConfirmDialog
                        trigger={
                          <Button variant="danger" size="sm">
                            {t("catalogue.remove")}
                            <span className="sr-only"> {r.name}</span>
                          </Button>
                        }
                        title={t("catalogue.removeTitle", { name: r.name })}
                        description={t("catalogue.removeDescription")}
                        confirmLabel={t("catalogue.removeConfirm")}
                        fields={{ intent: "remove", organisationId: r.organisationId }}
                      >
                        <Field id={`rm-${r.organisationId}`} label={t("catalogue.removeReason")} required className="mb-2">
                          {(control) => <Input {...control} name="reason" required />}
                        </Field>
                      </ConfirmDialog>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </section>
      <section aria-labelledby="history-title" className="flex flex-col gap-3">
        <h2 id="history-title" className="m-0 text-xl font-bold">
          {t("catalogue.history")}
        </h2>
        <DataTable
          caption={t("catalogue.history")}
          captionHidden
          layout="cards"
          rows={data.history}
          rowKey={(h) => h.id}
          empty={<EmptyState title={t("catalogue.noHistory")} />}
          columns={[
            { header: t("catalogue.date"), cell: (h) => formatDate(h.createdAt) },
            { header: t("catalogue.name"), rowHeader: true, cell: (h) => h.name },
            { header: t("catalogue.operation"), cell: (h) => t(`catalogue.action.${h.action}`) },
            { header: t("catalogue.reason"), cell: (h) => h.reason ?? "—" },
            { header: t("catalogue.by"), cell: (h) => h.actorName ?? "—" },
          ]}
        />
      </section>
    </div>
  );
}
