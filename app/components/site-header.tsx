import { Form, NavLink, Link } from "@remix-run/react";
import { t } from "../i18n";
import type { NavItem } from "./navigation";
import type { MessageKey } from "../../domain/i18n/translate";
import { tp } from "../../domain/i18n/format";

export interface HeaderUser {
  fullName: string;
  email: string;
  organisationName: string | null;
  roleKey: MessageKey | null;
}

export function SiteHeader({
  user,
  nav,
  devMailbox,
  unreadNotifications = 0,
}: {
  user: HeaderUser | null;
  nav: NavItem[];
  devMailbox: boolean;
  unreadNotifications?: number;
}) {
  return (
    <header className="site-header">
      <div className="site-header__bar container">
        <Link to="/" className="brand" aria-label={`${t("app.name")} — ${t("nav.home")}`}>
          <span className="brand__mark" aria-hidden="true">
            DD
          </span>
          <span>
            <span className="brand__name">{t("app.name")}</span>
            <span className="brand__tagline">{t("app.tagline")}</span>
          </span>
        </Link>
        <div className="site-header__user">
          {user ? (
            <>
              <div className="user-badge">
                <span className="user-badge__name">{user.fullName || user.email}</span>
                {user.organisationName ? (
                  <span className="user-badge__org">
                    {user.organisationName}
                    {user.roleKey ? ` · ${t(user.roleKey)}` : null}
                  </span>
                ) : null}
              </div>
              <Link
                to="/notifications"
                className="notifications-link"
                id="notifications-link"
                aria-label={unreadNotifications > 0 ? tp("nav.notificationsUnread", unreadNotifications) : t("nav.notifications")}
              >
                {t("nav.notifications")}
                {unreadNotifications > 0 ? <span className="notifications-link__count">{unreadNotifications}</span> : null}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--secondary button--small">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <Link to="/login" className="button button--small">
              {t("auth.login.submit")}
            </Link>
          )}
        </div>
      </div>
      {nav.length > 0 || devMailbox ? (
        <nav aria-label={t("nav.mainNavigation")} className="main-nav">
          <ul className="container">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>
                  {t(item.labelKey)}
                </NavLink>
              </li>
            ))}
            {devMailbox ? (
              <li className="main-nav__dev">
                <NavLink to="/dev/mail">{t("nav.devMailbox")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
