import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import styles from "../styles/tailwind.css";
import { ErrorPage } from "../components/error-page";
import { t } from "../i18n";
import { toHttpError } from "./http-errors.server";

/**
 * Resource routes a person opens in the browser (a file, a CSV export) have no error boundary: Remix
 * answers their thrown errors as JSON ({"message":"Unexpected Server Error"} for a 500). Wrapped with
 * `withHtmlErrors`, they answer the French error page instead (same look, a way home).
 */
export function withHtmlErrors<Args extends LoaderFunctionArgs>(loader: (args: Args) => Promise<Response>) {
  return async (args: Args): Promise<Response> => {
    try {
      return await loader(args);
    } catch (thrown) {
      if (thrown instanceof Response) {
        if (thrown.status >= 300 && thrown.status < 400) throw thrown; // redirects (to login) stay
        return errorDocument(thrown.status);
      }
      const errorResponse = asDataError(thrown);
      if (errorResponse) return errorDocument(errorResponse.status, errorResponse.messageKey);
      try {
        toHttpError(thrown);
      } catch (mapped) {
        const mappedError = asDataError(mapped);
        if (mappedError) return errorDocument(mappedError.status, mappedError.messageKey);
      }
      throw thrown; // logged by Remix; answered by the server's error handler
    }
  };
}

/** A thrown `data({ messageKey }, { status })` (httpError), as status and message key. */
function asDataError(thrown: unknown): { status: number; messageKey?: string } | null {
  if (!thrown || typeof thrown !== "object") return null;
  const candidate = thrown as { type?: unknown; init?: { status?: unknown } | null; data?: { messageKey?: unknown } | null };
  if (candidate.type !== "DataWithResponseInit" || typeof candidate.init?.status !== "number") return null;
  const messageKey = typeof candidate.data?.messageKey === "string" ? candidate.data.messageKey : undefined;
  return { status: candidate.init.status, messageKey };
}

/** The French error page as a whole static document. */
export function errorDocument(status: number, messageKey?: string): Response {
  const body = renderToStaticMarkup(
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t("errors.code")} ${status} — ${t("app.name")}`}</title>
        <link rel="stylesheet" href={styles} />
      </head>
      <body className="bg-white text-ink">
        <main id="contenu" className="container main">
          <ErrorPage status={status} messageKey={messageKey} plain />
        </main>
      </body>
    </html>,
  );
  return new Response(`<!DOCTYPE html>${body}`, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
