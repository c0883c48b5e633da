import { Link, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "../i18n";
import { buttonClasses } from "./ui/button";
import { messageKeyOrFallback, type MessageKey } from "../../domain/i18n/translate";

const TITLES: Record<number, [MessageKey, MessageKey]> = {
  400: ["validation.input.title", "validation.input.invalid"],
  401: ["errors.unauthenticated", "errors.unauthenticated"],
  403: ["errors.forbidden.title", "errors.forbidden"],
  404: ["errors.notFound.title", "errors.notFound"],
  503: ["errors.unavailable.title", "errors.unavailable"],
};

/**
 * The French 400/403/404/500/503 page, used by every error boundary (and, as static HTML, by resource
 * routes: server/http/route-error-mapping.ts). Always offers a way back: home, and the previous page.
 * `plain` renders plain <a> links (no router: static rendering outside Remix).
 */
export function ErrorPage({ status, messageKey, plain = false }: { status: number; messageKey?: string; plain?: boolean }) {
  const [titleKey, defaultMessageKey]: [MessageKey, MessageKey] = TITLES[status] ?? ["errors.server.title", "errors.server"];
  const homeClasses = buttonClasses("primary", "md");
  return (
    <section className="error-page mx-auto max-w-2xl py-8" aria-labelledby="error-title">
      <p className="error-page__status m-0 text-sm font-semibold text-ink-muted">
        {t("errors.code")} {status}
      </p>
      <h1 id="error-title" className="mt-1 mb-4 text-3xl font-bold text-ink">
        {t(titleKey)}
      </h1>
      <p className="text-lg">{t(messageKeyOrFallback(messageKey ?? defaultMessageKey, defaultMessageKey))}</p>
      <ul className="m-0 mt-6 flex list-none flex-wrap items-center gap-4 p-0">
        <li>
          {plain ? (
            <a href="/" className={homeClasses}>
              {t("errors.backHome")}
            </a>
          ) : (
            <Link to="/" className={homeClasses}>
              {t("errors.backHome")}
            </Link>
          )}
        </li>
        {plain ? null : (
          <li>
            <BackLink />
          </li>
        )}
      </ul>
    </section>
  );
}

/** "Revenir à la page précédente": a button (history needs script), shown once hydrated if there is a page to go back to. */
function BackLink() {
  const navigate = useNavigate();
  const [canGoBack, setCanGoBack] = useState(false);
  useEffect(() => setCanGoBack(window.history.length > 1), []);
  return (
    <button type="button" data-back-link="" hidden={!canGoBack} className={buttonClasses("secondary", "md")} onClick={() => navigate(-1)}>
      {t("ui.errors.back")}
    </button>
  );
}
