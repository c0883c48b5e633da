import { Link } from "@remix-run/react";
import { t } from "../i18n";
import { messageKeyOrFallback, type MessageKey } from "../../domain/i18n/translate";

const TITLES: Record<number, [MessageKey, MessageKey]> = {
  400: ["validation.input.title", "validation.input.invalid"],
  401: ["errors.unauthenticated", "errors.unauthenticated"],
  403: ["errors.forbidden.title", "errors.forbidden"],
  404: ["errors.notFound.title", "errors.notFound"],
  503: ["errors.unavailable.title", "errors.unavailable"],
};

/** The French 400/403/404/500/503 page, used by every error boundary. */
export function ErrorPage({ status, messageKey }: { status: number; messageKey?: string }) {
  const [titleKey, defaultMessageKey]: [MessageKey, MessageKey] = TITLES[status] ?? ["errors.server.title", "errors.server"];
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__status">
        {t("errors.code")} {status}
      </p>
      <h1 id="error-title">{t(titleKey)}</h1>
      <p>{t(messageKeyOrFallback(messageKey ?? defaultMessageKey, defaultMessageKey))}</p>
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
