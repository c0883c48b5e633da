import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { EmailRequestPage } from "../components/accounts/email-request-form";
import { t } from "../i18n";
import { requestPasswordReset } from "../utils/accounts.server";
import { emailRequestAction } from "../utils/email-request.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.reset.request.title")} — ${t("app.name")}` }];

export async function action({ request, context }: ActionFunctionArgs) {
  return emailRequestAction(request, context, requestPasswordReset, "auth.reset.request.sent");
}

export default function ForgottenPassword() {
  const actionData = useActionData<typeof action>();
  return (
    <EmailRequestPage
      formId="reset-request"
      reply={actionData}
      title={t("auth.reset.request.title")}
      lead={t("auth.reset.request.lead")}
      submit={t("auth.reset.request.submit")}
      autoComplete="username"
    >
      <p>
        <Link to="/login">{t("auth.backToLogin")}</Link>
      </p>
    </EmailRequestPage>
  );
}
