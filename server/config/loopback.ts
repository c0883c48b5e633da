import { isIP } from "node:net";

/** 127.0.0.0/8, ::1 (also as ::ffff:127.x) and localhost: only this machine can reach them. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^::ffff:127\./.test(bare) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(bare);
  return false;
}
