import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { loginSchema } from "../../domain/accounts/accounts.schema";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { FormErrors } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { getActor, homePathFor } from "../utils/auth.server";
import { safeRedirectPath } from "../utils/safe-redirect";
import { ALL_KINDS, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { Alert } from "../components/ui/alert";
import { Button } from "../components/ui/button";
import { invalidateSession, logIn } from "../utils/accounts.server";
import { SubmitRow, useSchemaForm } from "../components/ui/schema-form";

export const meta: MetaFunction = () => [{ title: `${t("auth.login.title")} — ${t("app.name")}` }];

/** Notices another page may ask the login page to show (?notice=…). */
const NOTICES = ["passwordChanged", "loggedOutEverywhere", "emailVerified"] as const;
const isNotice = (value: string | null): value is (typeof NOTICES)[number] => (NOTICES as readonly (string | null)[]).includes(value);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Only a path of this site is kept (and so echoed in the form); anything else is dropped.
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "");
  const actor = getActor(context);
  if (actor) throw redirect(redirectTo || homePathFor(actor));
  const notice = url.searchParams.get("notice");
  return { redirectTo, noticeKey: isNotice(notice) ? (`auth.login.notice.${notice}` as const) : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  const hide = ["password"];
  if (submission.status !== "success") return replyInvalid(submission, { hideFields: hide });
  const { db, config } = context.services;
  try {
    const { token, expiresAt, actor } = await logIn(db, submission.value, {
      ip: context.clientIp,
      userAgent: request.headers.get("user-agent"),
    });
    // A session already open in this browser (another account) is closed, not left behind.
    if (context.session) await invalidateSession(db, context.session.sessionId);
    return redirect(safeRedirectPath(submission.value.redirectTo, homePathFor(actor)), {
      headers: { "Set-Cookie": serializeSessionCookie(token, expiresAt, config.secureCookies) },
    });
  } catch (error) {
    return replyRefused(submission, error, { hideFields: hide, answers: ALL_KINDS });
  }
}

export default function Login() {
  const { redirectTo, noticeKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(loginSchema, { id: "login", reply: actionData });
  // An unverified account: offer to send the link again, to the address typed.
  const typedEmail = actionData?.result.initialValue?.email;
  const unverifiedEmail = actionData?.refusedWith === "auth.login.unverified" && typeof typedEmail === "string" ? typedEmail : null;

  return (
    <AuthPage title={t("auth.login.title")} lead={t("auth.login.lead")}>
      {noticeKey ? (
        <Alert tone="success" className="mb-0!">
          <p>{t(noticeKey)}</p>
        </Alert>
      ) : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      {unverifiedEmail ? (
        <Alert tone="warning" announce={false} className="mb-0!">
          <Form method="post" action="/verification/renvoyer" className="flex flex-col items-start gap-2">
            <input type="hidden" name="email" value={unverifiedEmail} />
            <p className="m-0">{t("auth.login.unverified.resendHint")}</p>
            <Button type="submit" variant="secondary" size="sm">
              {t("auth.verify.resend.submit")}
            </Button>
          </Form>
        </Alert>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("auth.field.password")} type="password" autoComplete="current-password" />
        <SubmitRow label={t("auth.login.submit")} />
      </Form>
      <p className="m-0">
        <Link to="/mot-de-passe-oublie">{t("auth.login.forgotten")}</Link>
      </p>
      <p className="m-0 border-t border-line pt-4">
        {t("auth.login.noAccount")} <Link to="/inscription">{t("auth.login.signupLink")}</Link>
      </p>
    </AuthPage>
  );
}
