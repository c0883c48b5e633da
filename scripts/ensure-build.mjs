// Builds what `npm start` runs when it is missing or older than its sources, so `npm start` works
// on a fresh clone and stays fast afterwards: the Remix app (build/, public/build/) and the
// compiled server (dist/, scripts/build-server.mjs). `node scripts/ensure-build.mjs server` checks
// only the server (for the command-line tools in dist/, which do not load the Remix build).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_OUTPUT, SERVER_SOURCES, buildServer } from "./build-server.mjs";
import { copyPdfWorker } from "./copy-pdf-worker.mjs";

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

/**
 * `npm run dev` writes a development build into build/ (React's jsxDEV, which production React
 * lacks): however recent, it is not what `npm start` may serve.
 */
export function isProductionRemixBuild(source) {
  return /\bmode = "production"/.test(source);
}

function remixBuildIsCurrent() {
  if (builtAt(output, "public/build") < Math.max(...roots.map(newest))) return false;
  return isProductionRemixBuild(readFileSync(output, "utf8"));
}

async function main() {
  if (process.argv[2] === "server") {
    // only the server: the command-line tools do not load the portal
  } else if (remixBuildIsCurrent()) {
    console.log("Remix build up to date.");
  } else {
    console.log("Building the portal (remix build)…");
    const started = Date.now();
    const env = { ...process.env, NODE_ENV: "production" };
    execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit", env });
    console.log(`Portal built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  if (process.argv[2] !== "server") copyPdfWorker(); // the evidence viewer's pdf.js worker, served from public/pdfjs/

  if (builtAt(SERVER_OUTPUT) >= Math.max(...SERVER_SOURCES.map(newest))) {
    console.log("Server build up to date.");
  } else {
    console.log("Compiling the server (dist/)…");
    const started = Date.now();
    rmSync("dist", { recursive: true, force: true }); // no chunk of an earlier build left behind
    await buildServer();
    console.log(`Server compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
