import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invitationAcceptanceSchema, type InvitationAcceptanceInput } from "../../domain/accounts/accounts.schema";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { isDomainError } from "../../domain/errors";
import { FormErrors } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { homePathFor } from "../utils/auth.server";
import { ALL_KINDS, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { statusOfDomainError, withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { ButtonLink } from "../components/ui/button";
import { acceptInvitation, accountDeps, describeInvitation, invalidateSession } from "../utils/accounts.server";
import { SubmitRow } from "../components/ui/schema-form";
import { NewPasswordField, ConfirmationField } from "../components/accounts/password-fields";
import { AuthRefusal } from "../components/accounts/auth-refusal";

export const meta: MetaFunction = () => [{ title: `${t("auth.invitation.title")} — ${t("app.name")}` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const invitation = await describeInvitation(context.services.db, params.token ?? "");
    return { invitation, errorKey: null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return withStatus({ invitation: null, errorKey: error.messageKey }, statusOfDomainError(error.kind));
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, config } = context.services;
  const token = params.token ?? "";
  const formData = await request.formData();
  const hide = ["password", "confirmation"];
  // The form depends on whether the account exists; the service re-checks everything.
  const existingUser = formData.get("existingUser") === "1";
  const submission = parseWithZod(formData, { schema: invitationAcceptanceSchema(existingUser) });
  if (submission.status !== "success") return replyInvalid(submission, { hideFields: hide });
  try {
    const accepted = await acceptInvitation(db, accountDeps(context.services), token, submission.value, {
      ip: context.clientIp,
      userAgent: request.headers.get("user-agent"),
    });
    if (context.session) await invalidateSession(db, context.session.sessionId);
    return redirect(homePathFor(accepted.actor), {
      headers: { "Set-Cookie": serializeSessionCookie(accepted.token, accepted.expiresAt, config.secureCookies) },
    });
  } catch (error) {
    return replyRefused(submission, error, { hideFields: hide, answers: ALL_KINDS });
  }
}

export default function AcceptInvitation() {
  const { invitation, errorKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const existingUser = invitation?.existingUser ?? false;
  const schema = invitationAcceptanceSchema(existingUser);
  const [form, fields] = useForm<InvitationAcceptanceInput>({
    id: "accept-invitation",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });

  if (!invitation) {
    return (
      <AuthRefusal title={t("auth.invitation.title")} message={t(errorKey ?? "auth.invitation.unknown")}>
        <ButtonLink to="/login">{t("auth.backToLogin")}</ButtonLink>
      </AuthRefusal>
    );
  }
  return (
    <AuthPage
      title={t("auth.invitation.title")}
      lead={t(invitation.inviterName ? "auth.invitation.leadBy" : "auth.invitation.lead", {
        inviter: invitation.inviterName ?? "",
        organisation: invitation.organisationName,
        role: t(`role.${invitation.role}`),
      })}
    >
      <p className="m-0">{t(existingUser ? "auth.invitation.existingHint" : "auth.invitation.newHint", { email: invitation.email })}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="existingUser" value={existingUser ? "1" : "0"} />
        <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
        {existingUser ? (
          <TextField meta={fields.password} label={t("auth.field.password")} type="password" autoComplete="current-password" />
        ) : (
          <>
            <TextField meta={fields.fullName} label={t("auth.field.fullName")} autoComplete="name" />
            <NewPasswordField meta={fields.password} />
            <ConfirmationField meta={fields.confirmation} />
          </>
        )}
        <SubmitRow label={t("auth.invitation.submit")} />
      </Form>
    </AuthPage>
  );
}
