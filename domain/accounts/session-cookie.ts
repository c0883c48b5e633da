/** The session cookie: httpOnly, SameSite=Lax, Secure when the portal is served over https. */
export const SESSION_COOKIE = "dd_session";

export function serializeSessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${expiresAt.toUTCString()}`];
  if (token === "") parts.push("Max-Age=0");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}
