import type { MessageKey } from "../../domain/i18n/translate";
import { randomUUID } from "node:crypto";
import { createCookie, redirect, type AppLoadContext, type Cookie } from "@remix-run/node";
import type { FlashToast, ToastKind } from "../components/ui/toast";

/**
 * Flash toasts (docs/decisions/034-flash-toasts.md): an action that succeeded redirects with a short
 * confirmation carried by a signed, HttpOnly, 60-second cookie (never the URL); the root loader reads and
 * clears it; <Toaster/> shows it.
 *
 *   return redirectWithToast(context, "/organisme/profil", { kind: "success", messageKey: "profile.saved" });
 */
export interface ToastMessage {
  kind: ToastKind;
  /** A catalogue key (domain/i18n/fr), translated when shown. */
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

const COOKIE_NAME = "dd_flash";
const cookies = new Map<string, Cookie>();

function flashCookie(context: AppLoadContext): Cookie {
  const { cookieSecret, secureCookies } = context.services.config;
  const key = `${cookieSecret}|${secureCookies}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie(COOKIE_NAME, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: secureCookies,
      secrets: [cookieSecret],
      maxAge: 60,
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

/** The Set-Cookie value that carries `toast` to the next page. */
export async function flashToastCookie(context: AppLoadContext, toast: ToastMessage): Promise<string> {
  const value: FlashToast = { id: randomUUID(), kind: toast.kind, messageKey: toast.messageKey, params: toast.params };
  return flashCookie(context).serialize(value);
}

/** A 302 to `url` that shows `toast` there. */
export async function redirectWithToast(context: AppLoadContext, url: string, toast: ToastMessage, init?: ResponseInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await flashToastCookie(context, toast));
  return redirect(url, { ...init, headers });
}

/**
 * The flash toast of this request, if any, and the Set-Cookie that clears it (only when there was one:
 * requests without a flash send no cookie). A tampered or malformed cookie counts as none.
 */
export async function takeFlashToast(
  request: Request,
  context: AppLoadContext,
): Promise<{ toast: FlashToast | null; clear: string | null }> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes(`${COOKIE_NAME}=`)) return { toast: null, clear: null };
  const cookie = flashCookie(context);
  const clear = await cookie.serialize("", { maxAge: 0, expires: new Date(0) });
  const value: unknown = await cookie.parse(header).catch(() => null);
  return { toast: isFlashToast(value) ? value : null, clear };
}

function isFlashToast(value: unknown): value is FlashToast {
  if (!value || typeof value !== "object") return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.id === "string" &&
    (candidate.kind === "success" || candidate.kind === "info" || candidate.kind === "warning") &&
    typeof candidate.messageKey === "string" &&
    (candidate.params === undefined || (typeof candidate.params === "object" && candidate.params !== null))
  );
}
