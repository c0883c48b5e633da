import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invitationAcceptanceSchema, type InvitationAcceptanceInput } from "../../domain/accounts/accounts.schema";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { isDomainError } from "../../domain/errors";
import { FormErrors } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { ALL_KINDS, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { statusOfDomainError, withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { ButtonLink } from "../components/ui/button";
import { acceptExpertInvitation, describeExpertInvitation, invalidateSession } from "../utils/accounts.server";
import { SubmitRow } from "../components/ui/schema-form";
import { NewPasswordField, ConfirmationField } from "../components/accounts/password-fields";
import { AuthRefusal } from "../components/accounts/auth-refusal";

export const meta: MetaFunction = () => [{ title: `${t("experts.invitation.title")} — ${t("app.name")}` }];

/**
 * An outside expert's invitation (issue 15.7, decision record 044): the mailed link lets them choose
 * their name and password; they land on their requests, which are all the account opens.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const invitation = await describeExpertInvitation(context.services.db, params.token ?? "");
    return { invitation, errorKey: null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return withStatus({ invitation: null, errorKey: error.messageKey }, statusOfDomainError(error.kind));
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, config } = context.services;
  const hide = ["password", "confirmation"];
  const submission = parseWithZod(await request.formData(), { schema: invitationAcceptanceSchema(false) });
  if (submission.status !== "success") return replyInvalid(submission, { hideFields: hide });
  try {
    const accepted = await acceptExpertInvitation(db, {}, params.token ?? "", submission.value, {
      ip: context.clientIp,
      userAgent: request.headers.get("user-agent"),
    });
    if (context.session) await invalidateSession(db, context.session.sessionId);
    return redirect("/avis", {
      headers: { "Set-Cookie": serializeSessionCookie(accepted.token, accepted.expiresAt, config.secureCookies) },
    });
  } catch (error) {
    return replyRefused(submission, error, { hideFields: hide, answers: ALL_KINDS });
  }
}

export default function AcceptExpertInvitation() {
  const { invitation, errorKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = invitationAcceptanceSchema(false);
  const [form, fields] = useForm<InvitationAcceptanceInput>({
    id: "accept-expert-invitation",
    lastResult: actionData?.result,
    defaultValue: { fullName: invitation?.fullName ?? "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });

  if (!invitation) {
    return (
      <AuthRefusal title={t("experts.invitation.title")} message={t(errorKey ?? "experts.invitation.unknown")}>
        <ButtonLink to="/login">{t("auth.backToLogin")}</ButtonLink>
      </AuthRefusal>
    );
  }
  return (
    <AuthPage
      title={t("experts.invitation.title")}
      lead={t(invitation.inviterName ? "experts.invitation.leadBy" : "experts.invitation.lead", { inviter: invitation.inviterName ?? "" })}
    >
      <p className="m-0">{t("experts.invitation.hint", { email: invitation.email })}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
        <TextField meta={fields.fullName} label={t("auth.field.fullName")} autoComplete="name" />
        <NewPasswordField meta={fields.password} />
        <ConfirmationField meta={fields.confirmation} />
        <SubmitRow label={t("experts.invitation.submit")} />
      </Form>
    </AuthPage>
  );
}
