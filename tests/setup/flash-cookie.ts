/**
 * The flash toast a response carries (app/utils/flash-toast.server.ts, decision 034), read from its
 * Set-Cookie header: the signed cookie's value is base64 JSON before the signature's dot.
 */
export interface CarriedToast {
  kind: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

export function flashToastOf(setCookie: string | null): CarriedToast | null {
  const raw = /(?:^|[\s,])dd_flash=([^;]*)/.exec(setCookie ?? "")?.[1];
  if (!raw) return null;
  const value = decodeURIComponent(raw);
  const payload = value.slice(0, value.lastIndexOf("."));
  return JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as CarriedToast;
}
