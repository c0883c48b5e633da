import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { addCnefopLabel, funderUsersOverview, listCnefopLabels, setCnefopLabelActive } from "../../domain/coordination/cnefop.service";
import { canManageCnefopLabels } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { field, formAction } from "../utils/form-actions.server";
import { httpError } from "../utils/http-errors.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("nav.cnefop")} — ${t("app.name")}` }];

/** The CNEFOP list and, read-only, every funder's users. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, canManageCnefopLabels);
  const db = context.services.db;
  const [labels, users] = await Promise.all([listCnefopLabels(db), funderUsersOverview(db, actor)]);
  return { labels, users };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canManageCnefopLabels);
  const db = context.services.db;
  const form = await request.formData();
  const ok = () => ({ ok: true, messageKey: "space.saved" });
  switch (field(form, "intent")) {
    case "add":
      return formAction(() => addCnefopLabel(db, actor, field(form, "name")), ok);
    case "toggle":
      return formAction(() => setCnefopLabelActive(db, actor, requireUuid(field(form, "id")), field(form, "active") === "true"), ok);
    default:
      throw httpError(400);
  }
}

export default function Cnefop() {
  const { labels, users } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("nav.cnefop")}</h1>
      </section>
      {reply ? (
        <div className={`alert ${reply.ok ? "alert--success" : "alert--error"}`} role={reply.ok ? "status" : "alert"}>
          {t(Object.values(reply.fieldErrors ?? {})[0]?.[0] ?? reply.messageKey ?? "errors.validation")}
        </div>
      ) : null}
      <Form method="post" className="form-row">
        <input type="hidden" name="intent" value="add" />
        <div className="field">
          <label htmlFor="label-name">{t("cnefop.name")}</label>
          <input id="label-name" name="name" required maxLength={300} />
        </div>
        <button type="submit" className="button">
          {t("cnefop.add")}
        </button>
      </Form>
      <ul className="space-list">
        {labels.map((l) => (
          <li key={l.id} className="inline-form">
            <span>{l.name}</span> {l.active ? null : <span className="badge">{t("cnefop.inactive")}</span>}
            <Form method="post">
              <input type="hidden" name="intent" value="toggle" />
              <input type="hidden" name="id" value={l.id} />
              <input type="hidden" name="active" value={l.active ? "false" : "true"} />
              <button type="submit" className="button button--small button--secondary">
                {l.active ? t("cnefop.deactivate") : t("cnefop.activate")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>{t("nav.funderUsers")}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("kind.funder")}</th>
            <th scope="col">{t("cnefop.user")}</th>
            <th scope="col">{t("cnefop.role")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={`${u.funderId}-${u.userId}`}>
              <td>{u.funderName}</td>
              <td>
                {u.fullName || "—"} &lt;{u.email}&gt;{u.disabledAt ? ` (${t("cnefop.disabled")})` : ""}
              </td>
              <td>{t(`role.${u.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
