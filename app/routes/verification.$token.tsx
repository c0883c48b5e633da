import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isDomainError } from "../../domain/errors";
import { statusOfDomainError, withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { AuthRefusal } from "../components/accounts/auth-refusal";
import { Alert } from "../components/ui/alert";
import { ButtonLink } from "../components/ui/button";
import { verifyEmail } from "../utils/accounts.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.verify.title")} — ${t("app.name")}` }];

/**
 * The link of the verification mail. Opening it confirms the address (the outcome is the one the
 * user wants even if a mail scanner opens it first; a second opening says the address is confirmed).
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    await verifyEmail(context.services.db, params.token ?? "");
    return { verified: true as const, errorKey: null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return withStatus({ verified: false as const, errorKey: error.messageKey }, statusOfDomainError(error.kind));
  }
}

export default function VerifyEmail() {
  const result = useLoaderData<typeof loader>();
  if (!result.verified) {
    return (
      <AuthRefusal title={t("auth.verify.title")} message={t(result.errorKey)}>
        {result.errorKey === "auth.verify.used" ? (
          <ButtonLink to="/login">{t("auth.login.submit")}</ButtonLink>
        ) : (
          <>
            <ButtonLink to="/verification/renvoyer">{t("auth.verify.resend.link")}</ButtonLink>
            <Link to="/login">{t("auth.backToLogin")}</Link>
          </>
        )}
      </AuthRefusal>
    );
  }
  return (
    <AuthPage title={t("auth.verify.title")}>
      <Alert tone="success" announce={false} className="mb-0!">
        <p>{t("auth.verify.done")}</p>
      </Alert>
      <div>
        <ButtonLink to="/login?notice=emailVerified">{t("auth.login.submit")}</ButtonLink>
      </div>
    </AuthPage>
  );
}
