import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { addCnefopLabel, funderUsersOverview, listCnefopLabels, setCnefopLabelActive } from "../../domain/coordination/cnefop.service";
import { canManageCnefopLabels } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { cnefopFormSchema } from "../../domain/coordination/cnefop.schema";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { httpError } from "../utils/http-errors.server";
import { ReplyMessages, fieldErrors } from "../components/ui/field-error";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { Field, Input } from "../components/ui/field";
import { PageHeader } from "../components/ui/page-header";
import { DataTable } from "../components/ui/table";
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
  let name: string;
  try {
    if (input.intent === "add") {
      await addCnefopLabel(db, actor, input.name);
      name = input.name;
    } else {
      await setCnefopLabelActive(db, actor, input.id, input.active);
      name = (await listCnefopLabels(db)).find((l) => l.id === input.id)?.name ?? "";
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
  // The redirect empties the add form (no duplicate on a second click); the toast says what was done.
  return redirectWithToast(context, "/coordination/cnefop", {
    kind: "success",
    messageKey: input.intent === "add" ? "cnefop.added" : input.active ? "cnefop.activated" : "cnefop.deactivated",
    params: { name },
  });
}

export default function Cnefop() {
  const { labels, users } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <PageHeader title={t("nav.cnefop")} lead={t("cnefop.lead")} />
      <ReplyMessages reply={reply} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)] lg:items-start">
        <Card title={t("cnefop.list.title")} className="lg:order-1">
          {labels.length === 0 ? (
            <EmptyState title={t("cnefop.empty")}>{t("cnefop.emptyHint")}</EmptyState>
          ) : (
            <ul className="m-0 list-none divide-y divide-line p-0">
              {labels.map((l) => (
                <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="flex min-w-0 flex-wrap items-center gap-2">
                    <span className="break-words">{l.name}</span>
                    {l.active ? null : <Badge tone="warning">{t("cnefop.inactive")}</Badge>}
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="toggle" />
                    <input type="hidden" name="id" value={l.id} />
                    <input type="hidden" name="active" value={l.active ? "false" : "true"} />
                    <Button type="submit" size="sm" variant="secondary">
                      {l.active ? t("cnefop.deactivate") : t("cnefop.activate")}
                      <span className="sr-only"> {l.name}</span>
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("cnefop.add.title")} className="lg:order-2">
          {/* Keyed by the navigation: after an add redirects here, the form is a fresh, empty one. */}
          <Form key={location.key} method="post">
            <input type="hidden" name="intent" value="add" />
            <Field id="label-name" label={t("cnefop.name")} errors={fieldErrors(reply, "name")} className="mb-4!">
              {(control) => <Input {...control} name="name" required maxLength={300} />}
            </Field>
            <Button type="submit">{t("cnefop.add")}</Button>
          </Form>
        </Card>
      </div>
      <section aria-labelledby="funder-users" className="mt-8">
        <h2 id="funder-users" className="mb-1 text-xl font-bold">
          {t("nav.funderUsers")}
        </h2>
        <p className="mt-0 mb-4 text-ink-muted">{t("cnefop.users.lead")}</p>
        <DataTable
          caption={t("nav.funderUsers")}
          captionHidden
          layout="cards"
          rows={users}
          rowKey={(u) => `${u.funderId}-${u.userId}`}
          empty={<EmptyState title={t("cnefop.users.empty")} />}
          columns={[
            { header: t("kind.funder"), cell: (u) => u.funderName, rowHeader: true },
            {
              header: t("cnefop.user"),
              cell: (u) => (
                <span className="break-all">
                  {u.fullName || "—"} <span className="text-ink-muted">&lt;{u.email}&gt;</span>
                  {u.disabledAt ? (
                    <>
                      {" "}
                      <Badge tone="warning">{t("cnefop.disabled")}</Badge>
                    </>
                  ) : null}
                </span>
              ),
            },
            { header: t("cnefop.role"), cell: (u) => t(`role.${u.role}`) },
          ]}
        />
      </section>
    </>
  );
}
