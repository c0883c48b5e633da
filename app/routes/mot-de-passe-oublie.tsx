import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { emailRequestSchema } from "../../domain/accounts/accounts.schema";
import { FormErrors, FormNotice } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { ALL_KINDS, replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { t } from "../i18n";
import { accountDeps, requestPasswordReset } from "../utils/accounts.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.reset.request.title")} — ${t("app.name")}` }];

/** Always the same answer, whether or not an account exists for the address. */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: emailRequestSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await requestPasswordReset(context.services.db, accountDeps(context.services), submission.value);
    return replyDone(submission, { notice: { key: "auth.reset.request.sent", params: { email: submission.value.email } } });
  } catch (error) {
    return replyRefused(submission, error, { answers: ALL_KINDS });
  }
}

export default function ForgottenPassword() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "reset-request",
    lastResult: actionData?.result,
    constraint: getZodConstraint(emailRequestSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emailRequestSchema }),
  });
  return (
    <div className="auth-panel">
      <section className="page-header">
        <h1>{t("auth.reset.request.title")}</h1>
        <p>{t("auth.reset.request.lead")}</p>
      </section>
      <FormNotice reply={actionData} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="username" />
        <div>
          <button type="submit" className="button">
            {t("auth.reset.request.submit")}
          </button>
        </div>
      </Form>
      <p>
        <Link to="/login">{t("auth.backToLogin")}</Link>
      </p>
    </div>
  );
}
