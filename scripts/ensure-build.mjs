// Builds the Remix app when build/ is missing or older than its sources, so `npm start` works
// on a fresh clone and stays fast afterwards.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = ["app", "domain", "collab/shared", "db", "remix.config.js", "package-lock.json"];
const output = "build/index.js";

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = existsSync(output) && existsSync("public/build") ? statSync(output).mtimeMs : 0;
const sources = Math.max(...roots.map(newest));
if (built >= sources) {
  console.log("Remix build up to date.");
} else {
  console.log("Building the portal (remix build)…");
  const started = Date.now();
  execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" });
  console.log(`Portal built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
