// Builds what `npm start` runs when it is missing or older than its sources, so `npm start` works
// on a fresh clone and stays fast afterwards: the Remix app (build/, public/build/) and the
// compiled server (dist/, scripts/build-server.mjs). `node scripts/ensure-build.mjs server` checks
// only the server (for the command-line tools in dist/, which do not load the Remix build).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { SERVER_OUTPUT, SERVER_SOURCES, buildServer } from "./build-server.mjs";

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

function builtAt(file, ...alsoNeeded) {
  return existsSync(file) && alsoNeeded.every((path) => existsSync(path)) ? statSync(file).mtimeMs : 0;
}

const serverOnly = process.argv[2] === "server";

if (serverOnly) {
  // the portal is not needed
} else if (builtAt(output, "public/build") >= Math.max(...roots.map(newest))) {
  console.log("Remix build up to date.");
} else {
  console.log("Building the portal (remix build)…");
  const started = Date.now();
  execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" });
  console.log(`Portal built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (builtAt(SERVER_OUTPUT) >= Math.max(...SERVER_SOURCES.map(newest))) {
  console.log("Server build up to date.");
} else {
  console.log("Compiling the server (dist/)…");
  const started = Date.now();
  rmSync("dist", { recursive: true, force: true }); // no chunk of an earlier build left behind
  await buildServer();
  console.log(`Server compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
