import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Once per `vitest run` of the full suite: page, server and browser tests use the Remix build in
 * build/ and the compiled server in dist/ (what `npm start` runs), so neither may be older than the
 * sources it was built from. scripts/ensure-build.mjs compares modification times (a few
 * milliseconds) and rebuilds only what is stale, so `npx vitest run <one page test>` after editing
 * app/ or server/ never tests yesterday's code.
 */
export default function setup() {
  // NODE_ENV: vitest sets "test", which Remix would build as a different mode than `npm start` serves.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: REPO_ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
}
