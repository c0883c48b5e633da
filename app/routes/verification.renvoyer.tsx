import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { emailRequestSchema } from "../../domain/accounts/accounts.schema";
import { FormErrors, FormNotice } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { ALL_KINDS, replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { t } from "../i18n";
import { accountDeps, resendVerification } from "../utils/accounts.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.verify.resend.title")} — ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { email: new URL(request.url).searchParams.get("email") ?? "" };
}

/** Same answer whether or not an unverified account exists for the address. */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: emailRequestSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await resendVerification(context.services.db, accountDeps(context.services), submission.value);
    return replyDone(submission, { notice: { key: "auth.verify.resend.sent", params: { email: submission.value.email } } });
  } catch (error) {
    return replyRefused(submission, error, { answers: ALL_KINDS });
  }
}

export default function ResendVerification() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "resend-verification",
    lastResult: actionData?.result,
    defaultValue: { email },
    constraint: getZodConstraint(emailRequestSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emailRequestSchema }),
  });
  return (
    <div className="auth-panel">
      <section className="page-header">
        <h1>{t("auth.verify.resend.title")}</h1>
        <p>{t("auth.verify.resend.lead")}</p>
      </section>
      <FormNotice reply={actionData} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="email" />
        <div>
          <button type="submit" className="button">
            {t("auth.verify.resend.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
