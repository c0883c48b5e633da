// Compiles the server (server/ and the collab/, domain/, db/ code it imports) into dist/ with esbuild,
// so production runs plain JavaScript instead of transpiling TypeScript at start-up (docs/decisions/029).
// Our code is bundled; every package stays external and is loaded once from node_modules (yjs/lib0
// must never be bundled, docs/decisions/003). The Remix build in build/ is loaded at run time, not bundled.
import { build } from "esbuild";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Entry points → dist/<name>.js. Each sits one level below the repository, like server/index.ts. */
export const SERVER_ENTRIES = {
  server: "server/index.ts",
  migrate: "server/cli/migrate.ts",
  "seed-demo": "server/cli/seed-demo.ts",
};

/** What the server build is made of: a file here newer than dist/server.js means a rebuild. */
export const SERVER_SOURCES = ["server", "collab", "domain", "db", "tsconfig.json", "package-lock.json", "scripts/build-server.mjs"];

export const SERVER_OUTPUT = "dist/server.js";

/** @type {import("esbuild").BuildOptions} */
export const serverBuildOptions = {
  absWorkingDir: resolve(dirname(fileURLToPath(import.meta.url)), ".."),
  entryPoints: SERVER_ENTRIES,
  outdir: "dist",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node24",
  splitting: true, // the entry points share db/, domain/ code through chunks
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: "linked",
  logLevel: "warning",
};

export async function buildServer() {
  await build(serverBuildOptions);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
