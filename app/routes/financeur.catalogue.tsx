import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
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
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { parseWithZod } from "@conform-to/zod/v4";
import { catalogueFormSchema } from "../../domain/catalogues/catalogue.schema";
import { invalid } from "../../domain/errors";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
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
  try {
    if (input.intent === "add") {
      const of = await findOfBySiret(db, input.siret);
      if (!of) throw invalid({ siret: ["catalogue.unknownSiret"] });
      await addToCatalogue(db, actor, { funderId, organisationId: of.id, reason: input.reason });
    } else {
      await removeFromCatalogue(db, actor, { funderId, organisationId: input.organisationId, reason: input.reason });
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
  return replyDone(submission, { notice: { key: "catalogue.saved" } });
}

export default function Catalogue() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("catalogue.title")}</h1>
        <p>{t("catalogue.lead", { funder: data.funderName })}</p>
        <p>
          <a href="/financeur/catalogue.csv" download>
            {t("catalogue.export")}
          </a>
        </p>
      </section>
      <ReplyMessages reply={reply} />
      {data.canManage ? (
        <Form method="post" className="card form-row" aria-labelledby="add-title">
          <h2 id="add-title">{t("catalogue.addTitle")}</h2>
          <input type="hidden" name="intent" value="add" />
          <div className="field">
            <label htmlFor="siret">{t("catalogue.siret")}</label>
            <input id="siret" name="siret" required inputMode="numeric" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="add-reason">{t("catalogue.reason")}</label>
            <input id="add-reason" name="reason" />
          </div>
          <button type="submit" className="button">
            {t("catalogue.add")}
          </button>
        </Form>
      ) : null}
      {data.rows.length === 0 ? (
        <div className="empty-state">
          <p>{t("catalogue.empty")}</p>
        </div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("catalogue.name")}</th>
              <th scope="col">{t("catalogue.siret")}</th>
              <th scope="col">{t("catalogue.region")}</th>
              <th scope="col">{t("catalogue.status")}</th>
              <th scope="col">{t("catalogue.addedAt")}</th>
              <th scope="col">{t("catalogue.remove")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.organisationId}>
                <td>
                  <Link to={`/financeur/organismes/${r.organisationId}`}>{r.name}</Link>
                </td>
                <td>{r.siret}</td>
                <td>{r.region ?? "—"}</td>
                <td>{r.status ? t(STATUS_LABEL_KEYS[r.status as DossierStatus]) : "—"}</td>
                <td>{formatDate(r.addedAt)}</td>
                <td>
                  {data.canManage ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="organisationId" value={r.organisationId} />
                      <label className="visually-hidden" htmlFor={`rm-${r.organisationId}`}>
                        {t("catalogue.removeReason")}
                      </label>
                      <input id={`rm-${r.organisationId}`} name="reason" required placeholder={t("catalogue.removeReason")} />
                      <button type="submit" className="button button--small button--danger">
                        {t("catalogue.remove")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("catalogue.history")}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("catalogue.date")}</th>
            <th scope="col">{t("catalogue.name")}</th>
            <th scope="col">{t("catalogue.history")}</th>
            <th scope="col">{t("catalogue.reason")}</th>
            <th scope="col">{t("catalogue.by")}</th>
          </tr>
        </thead>
        <tbody>
          {data.history.map((h) => (
            <tr key={h.id}>
              <td>{formatDate(h.createdAt)}</td>
              <td>{h.name}</td>
              <td>{t(`catalogue.action.${h.action}`)}</td>
              <td>{h.reason ?? "—"}</td>
              <td>{h.actorName ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
