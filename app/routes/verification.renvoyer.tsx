import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EmailRequestPage } from "../components/accounts/email-request-form";
import { t } from "../i18n";
import { resendVerification } from "../utils/accounts.server";
import { emailRequestAction } from "../utils/email-request.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.verify.resend.title")} — ${t("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { email: new URL(request.url).searchParams.get("email") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return emailRequestAction(request, context, resendVerification, "auth.verify.resend.sent");
}

export default function ResendVerification() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <EmailRequestPage
      formId="resend-verification"
      reply={actionData}
      title={t("auth.verify.resend.title")}
      lead={t("auth.verify.resend.lead")}
      submit={t("auth.verify.resend.submit")}
      autoComplete="email"
      defaultEmail={email}
    />
  );
}
