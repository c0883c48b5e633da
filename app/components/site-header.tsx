import * as Collapsible from "@radix-ui/react-collapsible";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "../i18n";
import { buttonClasses } from "./ui/button";
import { cx } from "./ui/class-names";
import type { NavItem } from "./navigation";
import type { MessageKey } from "../../domain/i18n/translate";
import { tp } from "../../domain/i18n/format";

export interface HeaderUser {
  fullName: string;
  email: string;
  organisationName: string | null;
  roleKey: MessageKey | null;
}

interface SiteHeaderProps {
  user: HeaderUser | null;
  nav: NavItem[];
  devMailbox: boolean;
  unreadNotifications?: number;
}

/**
 * The page header: a 56 px bar (logo, notifications, account), then the navigation — inline from 48rem,
 * behind a "Menu" button below (a Radix Collapsible that also holds the account and logout on phones).
 * Accessible names contain the visible text (logo, notifications counter, account button).
 * Without JavaScript the menus cannot open: a <noscript> row offers the navigation (phones) and a plain
 * logout form instead.
 */
export function SiteHeader({ user, nav, devMailbox, unreadNotifications = 0 }: SiteHeaderProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const items: NavItem[] = devMailbox ? [...nav, { to: "/dev/mail", labelKey: "nav.devMailbox" }] : nav;
  const hasMenu = items.length > 0 || user !== null;

  return (
    <Collapsible.Root open={menuOpen} onOpenChange={setMenuOpen} asChild>
      <header className="site-header border-b border-line bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:px-6">
          <Link to="/" className="mr-auto flex min-w-0 items-center gap-2 text-ink no-underline hover:text-ink">
            <span
              aria-hidden="true"
              className="grid h-9 w-9 shrink-0 place-items-center rounded-sm bg-primary text-sm font-bold text-white"
            >
              DD
            </span>
            <span className="flex min-w-0 flex-col leading-tight">
              <span className="text-lg font-bold">{t("app.name")}</span>
              <span className="hidden truncate text-xs text-ink-muted sm:block">{t("app.tagline")}</span>
            </span>
          </Link>
          {user ? (
            <>
              <NotificationsLink count={unreadNotifications} />
              <div className="hidden md:block">
                <UserMenu user={user} />
              </div>
            </>
          ) : (
            <Link to="/login" className={buttonClasses("primary", "sm", "whitespace-nowrap")}>
              {t("auth.login.submit")}
            </Link>
          )}
          {hasMenu ? (
            <Collapsible.Trigger className={cx(buttonClasses("secondary", "sm"), "md:hidden")}>
              {t("ui.menu")}
              <span aria-hidden="true">{menuOpen ? "×" : "≡"}</span>
            </Collapsible.Trigger>
          ) : null}
        </div>
        <NoScriptMenu items={items} user={user} />
        {items.length > 0 ? (
          <nav aria-label={t("nav.mainNavigation")} className="hidden border-t border-line md:block">
            <NavList items={items} className="mx-auto flex max-w-6xl flex-wrap px-6" />
          </nav>
        ) : null}
        {hasMenu ? (
          <Collapsible.Content className="border-t border-line bg-white md:hidden">
            {items.length > 0 ? (
              <nav aria-label={t("nav.mainNavigation")}>
                <NavList items={items} className="flex flex-col px-4 py-2" />
              </nav>
            ) : null}
            {user ? (
              <div className="border-t border-line px-4 py-3">
                <UserSummary user={user} />
                <LogoutForm />
              </div>
            ) : null}
          </Collapsible.Content>
        ) : null}
      </header>
    </Collapsible.Root>
  );
}

function NavList({ items, className }: { items: NavItem[]; className: string }) {
  return (
    <ul className={cx("m-0 list-none p-0", className)}>
      {items.map((item) => (
        <li key={item.to}>
          <NavLink
            to={item.to}
            end
            className={cx(
              "block border-b-2 border-transparent px-3 py-3 text-ink no-underline hover:bg-primary-softer hover:text-primary",
              "aria-[current=page]:border-primary aria-[current=page]:font-semibold aria-[current=page]:text-primary",
              "max-md:border-b-0 max-md:border-l-2",
            )}
          >
            {t(item.labelKey)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** "Notifications 3 non lues": the visible word and count, with "non lues" for screen readers. */
function NotificationsLink({ count }: { count: number }) {
  return (
    <Link
      to="/notifications"
      id="notifications-link"
      className="notifications-link inline-flex min-h-10 items-center gap-1 rounded-md px-2 text-sm text-primary no-underline hover:bg-primary-softer"
    >
      <span className="max-sm:sr-only">{t("nav.notifications")}</span>
      {count > 0 ? (
        <>
          <span className="notifications-link__count rounded-full bg-error px-2 text-xs leading-5 font-bold text-white">{count}</span>
          <span className="sr-only">{tp("ui.notifications.unread", count)}</span>
        </>
      ) : null}
    </Link>
  );
}

function UserMenu({ user }: { user: HeaderUser }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className={cx(buttonClasses("tertiary", "sm"), "no-underline")} data-user-menu="">
        <span className="sr-only">{t("ui.userMenu")} : </span>
        <span className="max-w-48 truncate">{user.fullName || user.email}</span>
        <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-64 rounded-md border border-line bg-white p-2 text-ink shadow-overlay"
        >
          <DropdownMenu.Label className="px-2 py-1">
            <UserSummary user={user} />
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-line" />
          <DropdownMenu.Item asChild>
            <Link to="/notifications" className="block rounded-sm px-2 py-2 text-ink no-underline data-highlighted:bg-primary-soft">
              {t("nav.notifications")}
            </Link>
          </DropdownMenu.Item>
          <Form method="post" action="/logout">
            <DropdownMenu.Item asChild>
              <button
                type="submit"
                className="block w-full cursor-pointer rounded-sm px-2 py-2 text-left text-primary data-highlighted:bg-primary-soft"
              >
                {t("nav.logout")}
              </button>
            </DropdownMenu.Item>
          </Form>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function UserSummary({ user }: { user: HeaderUser }) {
  return (
    <div className="flex flex-col text-left text-sm">
      <span className="font-semibold text-ink">{user.fullName || user.email}</span>
      {user.organisationName ? <span className="text-ink-muted">{user.organisationName}</span> : null}
      {user.roleKey ? <span className="text-ink-muted">{t(user.roleKey)}</span> : null}
    </div>
  );
}

function LogoutForm() {
  return (
    <Form method="post" action="/logout" className="mt-2">
      <button type="submit" className={buttonClasses("secondary", "sm")}>
        {t("nav.logout")}
      </button>
    </Form>
  );
}

/**
 * Without JavaScript (the menus above are Radix widgets that need it): the navigation on phones and a
 * plain POST form to /logout, so that nobody is left unable to log out.
 */
function NoScriptMenu({ items, user }: { items: NavItem[]; user: HeaderUser | null }) {
  if (items.length === 0 && !user) return null;
  return (
    <noscript>
      <div className="border-t border-line bg-white" data-noscript-menu="">
        {items.length > 0 ? (
          <nav aria-label={t("nav.mainNavigation")} className="md:hidden">
            <NavList items={items} className="flex flex-col px-4 py-2" />
          </nav>
        ) : null}
        {user ? (
          <form method="post" action="/logout" className="mx-auto flex max-w-6xl justify-end px-4 py-2 sm:px-6">
            <button type="submit" className={buttonClasses("secondary", "sm")}>
              {t("nav.logout")}
            </button>
          </form>
        ) : null}
      </div>
    </noscript>
  );
}
