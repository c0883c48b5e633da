import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import ipaddr from "ipaddr.js";

/**
 * Where webhook traffic may go. Deliveries leave the server on behalf of a funder admin, so they
 * must never reach the server's own network (loopback, private, link-local, cloud metadata, CGNAT,
 * unique-local…). The rule: an address is allowed only when ipaddr.js classifies it as plain
 * public `unicast` (IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry; 6to4,
 * Teredo and NAT64 prefixes are not `unicast`, so they are refused as well).
 */

/** Resolves every address of a name, as `dns.lookup(name, { all: true }, cb)` does. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface EgressPolicy {
  /**
   * Host names (as written in the URL, lower case, IPv6 without brackets) allowed to resolve to
   * inside addresses. Empty in production; set by tests for their loopback receivers only
   * (WEBHOOK_ALLOWED_HOSTS).
   */
  allowedHosts?: readonly string[];
  /** The resolver (tests inject one); node's `dns.lookup` by default. */
  resolve?: ResolveAll;
}

/** Thrown when a destination is refused: the message is fixed and reveals nothing about the inside. */
export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor() {
    super("destination refused");
    this.name = "EgressRefusedError";
  }
}

/** True only for a public unicast IP address (literal). Anything unparsable is not public. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return false;
  let ip: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(bare);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === "unicast";
}

/** The host of a URL as compared with the allow-list: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
}

export function isAllowListed(host: string, policy: EgressPolicy): boolean {
  return (policy.allowedHosts ?? []).includes(host.toLowerCase());
}

/** An IP literal in a URL's host (node connects to it without any lookup). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host) && (host.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(host));
}

function resolveAll(host: string, policy: EgressPolicy): Promise<LookupAddress[]> {
  const resolve = policy.resolve ?? (dnsLookup as unknown as ResolveAll);
  return new Promise((ok, fail) => resolve(host, { all: true }, (err, addresses) => (err ? fail(err) : ok(addresses))));
}

export type DestinationVerdict = "allowed" | "refused" | "unresolved";

/**
 * Judges a URL's host as registration does: an IP literal by itself, a name by every address it
 * resolves to now (all must be public). A name that does not resolve is `unresolved`: not refused
 * here, since each delivery resolves and checks again before connecting.
 */
export async function judgeDestination(url: URL, policy: EgressPolicy): Promise<DestinationVerdict> {
  const host = hostOf(url);
  if (isAllowListed(host, policy)) return "allowed";
  if (isIpLiteral(host)) return isPublicAddress(host) ? "allowed" : "refused";
  if (host === "localhost" || host.endsWith(".localhost")) return "refused";
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host, policy);
  } catch {
    return "unresolved";
  }
  if (addresses.length === 0) return "unresolved";
  return addresses.every((a) => isPublicAddress(a.address)) ? "allowed" : "refused";
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves once, refuses unless every address is public (or the
 * host is allow-listed), and hands node exactly the addresses it checked, so the socket connects
 * to a checked address (no second resolution an attacker's DNS could answer differently).
 */
export function guardedLookup(policy: EgressPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    const resolve = policy.resolve ?? (dnsLookup as unknown as ResolveAll);
    const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
    resolve(hostname, { all: true, family }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0) return callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), []);
      if (!isAllowListed(hostname, policy) && !addresses.every((a) => isPublicAddress(a.address))) {
        return callback(new EgressRefusedError(), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
