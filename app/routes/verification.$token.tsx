import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isDomainError } from "../../domain/errors";
import { statusOfDomainError, withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";
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
  return (
    <div className="auth-panel">
      <section className="page-header">
        <h1>{t("auth.verify.title")}</h1>
      </section>
      {result.verified ? (
        <>
          <div className="alert alert--success" role="status">
            <p>{t("auth.verify.done")}</p>
          </div>
          <p>
            <Link to="/login?notice=emailVerified" className="button">
              {t("auth.login.submit")}
            </Link>
          </p>
        </>
      ) : (
        <>
          <div className="alert alert--error" role="alert">
            <p>{t(result.errorKey)}</p>
          </div>
          <p>
            {result.errorKey === "auth.verify.used" ? (
              <Link to="/login" className="button">
                {t("auth.login.submit")}
              </Link>
            ) : (
              <Link to="/verification/renvoyer" className="button">
                {t("auth.verify.resend.link")}
              </Link>
            )}
          </p>
        </>
      )}
    </div>
  );
}
