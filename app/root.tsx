import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import styles from "./styles/tailwind.css";
import { SiteHeader, type HeaderUser } from "./components/site-header";
import { navigationFor } from "./components/navigation";
import { ErrorPage } from "./components/error-page";
import { primaryMembership } from "../domain/permissions/actor";
import { unreadCount } from "../domain/notifications/notifications.service";
import { useNonce } from "./utils/nonce";
import { t } from "./i18n";
import { DemoBanner } from "./components/demo-banner";
import { demoMailboxOpen, isDemoMode } from "./utils/demo-mode.server";
import { takeFlashToast } from "./utils/flash-toast.server";
import { Toaster, type FlashToast } from "./components/ui/toast";
import { roleLabelKey } from "../domain/i18n/labels";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: t("app.name") }, { name: "description", content: t("app.tagline") }];

/** What the root loader hands every page (as read by useRouteLoaderData("root")). */
export interface RootData {
  user: HeaderUser | null;
  nav: ReturnType<typeof navigationFor>;
  demoMode: boolean;
  devMailbox: boolean;
  unreadNotifications: number;
  flash: FlashToast | null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
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
  // The flash toast of the previous action (app/utils/flash-toast.server.ts): shown once, then cleared.
  const flash = await takeFlashToast(request, context);
  const body: RootData = {
    user,
    nav: navigationFor(actor),
    demoMode: isDemoMode(context),
    devMailbox: demoMailboxOpen(context),
    unreadNotifications,
    flash: flash.toast,
  };
  return flash.clear ? data(body, { headers: { "Set-Cookie": flash.clear } }) : body;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<RootData>("root");
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-white text-ink">
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
        <main id="contenu" className="container main min-w-0" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <Toaster flash={data?.flash ?? null} />
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

function SiteFooter() {
  return (
    <footer className="site-footer mt-auto border-t-2 border-primary bg-surface-alt py-6 text-sm text-ink-muted">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p className="m-0">{t("footer.text")}</p>
        <ul className="m-0 flex list-none flex-wrap gap-x-4 gap-y-1 p-0">
          <li>
            <Link to="/">{t("ui.footer.home")}</Link>
          </li>
          <li>{t("ui.footer.accessibility")}</li>
        </ul>
      </div>
    </footer>
  );
}
