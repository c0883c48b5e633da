import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { EgressRefusedError, guardedLookup, hostOf, isAllowListed, isIpLiteral, isPublicAddress, type EgressPolicy } from "./egress";

/**
 * Why a delivery failed, as stored in webhook_deliveries.last_error for operators. The funder
 * admin sees none of it (only "échec"): no status code, error text or timing that would tell
 * what answers inside the network.
 */
export type DeliveryFailure = "refused_destination" | "unreachable" | "timeout" | "non_2xx";

export type DeliveryOutcome = { ok: true; status: number } | { ok: false; failure: DeliveryFailure; status: number | null };

/**
 * POSTs a webhook body with node's http(s) client: the destination is checked before connecting
 * (an IP literal here, a name in the guarded lookup after resolution), redirects are never
 * followed (a 3xx is a failure), and the response body is discarded unread.
 */
export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  policy: EgressPolicy,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  const host = hostOf(url);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return Promise.resolve({ ok: false, failure: "refused_destination", status: null });
  if (isIpLiteral(host) && !isAllowListed(host, policy) && !isPublicAddress(host)) {
    return Promise.resolve({ ok: false, failure: "refused_destination", status: null });
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = send(url, {
      method: "POST",
      headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
      // A fresh connection per delivery, resolved and checked by the guarded lookup.
      agent: false,
      lookup: guardedLookup(policy) as never,
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on("response", (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      done(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, failure: "non_2xx", status });
    });
    req.on("error", (err) => {
      const refused = err instanceof EgressRefusedError || (err as { cause?: unknown }).cause instanceof EgressRefusedError;
      const timedOut = err.name === "AbortError" || err.name === "TimeoutError";
      done({ ok: false, failure: refused ? "refused_destination" : timedOut ? "timeout" : "unreachable", status: null });
    });
    req.end(body);
  });
}
