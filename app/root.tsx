import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import styles from "./styles/app.css";
import { SiteHeader, type HeaderUser } from "./components/site-header";
import { navigationFor } from "./components/navigation";
import { ErrorPage } from "./components/error-page";
import { primaryMembership } from "../domain/permissions/actor";
import { unreadCount } from "../domain/notifications/notifications.service";
import { useNonce } from "./utils/nonce";
import { t } from "./i18n";
import { DemoBanner } from "./components/demo-banner";
import { demoMailboxOpen, isDemoMode } from "./utils/demo-mode.server";
import { roleLabelKey } from "../domain/i18n/labels";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: t("app.name") }, { name: "description", content: t("app.tagline") }];

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = context.session?.actor ?? null;
  const membership = actor ? primaryMembership(actor) : undefined;
  const user: HeaderUser | null = actor
    ? {
        fullName: actor.fullName,
        email: actor.email,
        organisationName: membership?.organisationName ?? null,
        roleKey: membership ? roleLabelKey(membership.role) : null,
      }
    : null;
  const unreadNotifications = actor ? await unreadCount(context.services.db, actor.userId) : 0;
  return {
    user,
    nav: navigationFor(actor),
    demoMode: isDemoMode(context),
    devMailbox: demoMailboxOpen(context),
    unreadNotifications,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#contenu" className="skip-link">
          {t("nav.skipToContent")}
        </a>
        {data?.demoMode ? <DemoBanner /> : null}
        <SiteHeader
          user={data?.user ?? null}
          nav={data?.nav ?? []}
          devMailbox={data?.devMailbox ?? false}
          unreadNotifications={data?.unreadNotifications ?? 0}
        />
        <main id="contenu" className="container main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">{t("footer.text")}</div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const messageKey = (error.data as { messageKey?: string } | null)?.messageKey ?? undefined;
    return <ErrorPage status={error.status} messageKey={messageKey} />;
  }
  return <ErrorPage status={500} />;
}
