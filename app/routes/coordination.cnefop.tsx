import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { addCnefopLabel, funderUsersOverview, listCnefopLabels, setCnefopLabelActive } from "../../domain/coordination/cnefop.service";
import { canManageCnefopLabels } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { cnefopFormSchema } from "../../domain/coordination/cnefop.schema";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { httpError } from "../utils/http-errors.server";
import { ReplyMessages } from "../components/ui/field-error";
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
  const submission = parseWithZod(await request.formData(), { schema: cnefopFormSchema });
  if (submission.status !== "success") {
    if (!["add", "toggle"].includes(String(submission.payload.intent))) throw httpError(400);
    return replyInvalid(submission);
  }
  const input = submission.value;
  try {
    if (input.intent === "add") await addCnefopLabel(db, actor, input.name);
    else await setCnefopLabelActive(db, actor, input.id, input.active);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return replyDone(submission, { notice: { key: "space.saved" } });
}

export default function Cnefop() {
  const { labels, users } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("nav.cnefop")}</h1>
      </section>
      <ReplyMessages reply={reply} />
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
