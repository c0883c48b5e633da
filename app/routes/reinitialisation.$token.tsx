import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { newPasswordSchema } from "../../domain/accounts/accounts.schema";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { isDomainError } from "../../domain/errors";
import { FormErrors } from "../components/ui/field-error";
import { ALL_KINDS, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { statusOfDomainError, withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { ButtonLink } from "../components/ui/button";
import { accountDeps, describeResetToken, resetPassword } from "../utils/accounts.server";
import { SubmitRow, useSchemaForm } from "../components/ui/schema-form";
import { NewPasswordField, ConfirmationField } from "../components/accounts/password-fields";
import { AuthRefusal } from "../components/accounts/auth-refusal";

export const meta: MetaFunction = () => [{ title: `${t("auth.reset.title")} — ${t("app.name")}` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const { email } = await describeResetToken(context.services.db, params.token ?? "");
    return { email, errorKey: null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return withStatus({ email: null, errorKey: error.messageKey }, statusOfDomainError(error.kind));
  }
}

/** New password: every session of the account is revoked, so this browser logs in again too. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: newPasswordSchema });
  const hide = ["password", "confirmation"];
  if (submission.status !== "success") return replyInvalid(submission, { hideFields: hide });
  try {
    await resetPassword(context.services.db, accountDeps(context.services), params.token ?? "", submission.value);
  } catch (error) {
    return replyRefused(submission, error, { hideFields: hide, answers: ALL_KINDS });
  }
  return redirect("/login?notice=passwordChanged", {
    headers: { "Set-Cookie": serializeSessionCookie("", new Date(0), context.services.config.secureCookies) },
  });
}

export default function ResetPassword() {
  const { email, errorKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(newPasswordSchema, { id: "reset-password", reply: actionData });

  if (errorKey) {
    return (
      <AuthRefusal title={t("auth.reset.title")} message={t(errorKey)}>
        <ButtonLink to="/mot-de-passe-oublie">{t("auth.reset.requestAgain")}</ButtonLink>
        <Link to="/login">{t("auth.backToLogin")}</Link>
      </AuthRefusal>
    );
  }
  return (
    <AuthPage title={t("auth.reset.title")} lead={t("auth.reset.lead", { email: email ?? "" })}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        {/* Lets password managers attach the new password to the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={email ?? ""} />
        <NewPasswordField meta={fields.password} />
        <ConfirmationField meta={fields.confirmation} />
        <SubmitRow label={t("auth.reset.submit")} />
      </Form>
    </AuthPage>
  );
}
