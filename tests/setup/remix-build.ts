import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Once per `vitest run` of the full suite: page, server and browser tests use the Remix build in
 * build/, so it must not be older than the sources it was built from. scripts/ensure-build.mjs
 * compares modification times (a few milliseconds) and rebuilds only when a source is newer, so
 * `npx vitest run <one page test>` after editing app/ never tests yesterday's pages.
 */
export default function setup() {
  // NODE_ENV: vitest sets "test", which Remix would build as a different mode than `npm start` serves.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: REPO_ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
}
