import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SERVER_ENTRY } from "../setup/server-process";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Manifest {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;

/** The code production runs: the server and what it imports, and the portal (Remix build). */
const RUNTIME_DIRS = ["server", "collab", "domain", "db", "app"];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [path] : [];
  });
}

/** Package names a module loads at run time: `import … from`, `export … from`, `import "…"`, `import("…")`; not `import type`. */
function runtimePackages(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\bfrom\s*["']([^"']+)["'](?=\s*;?\s*$)/gm),
    ...source.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((spec) => !spec.startsWith(".") && !spec.startsWith("~/") && !spec.startsWith("node:"))
    .map((spec) =>
      spec
        .split("/")
        .slice(0, spec.startsWith("@") ? 2 : 1)
        .join("/"),
    )
    .filter((name) => !builtinModules.includes(name));
}

/** Package → the runtime files that import it. */
function importedAtRunTime(): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const file of RUNTIME_DIRS.flatMap((dir) => sourcesUnder(join(ROOT, dir)))) {
    for (const name of runtimePackages(readFileSync(file, "utf8"))) {
      users.set(name, [...(users.get(name) ?? []), relative(ROOT, file)]);
    }
  }
  return users;
}

function installedManifest(name: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as Manifest;
}

describe("production runs compiled code", () => {
  it("npm start compiles what is stale, then runs dist/server.js with node — no TypeScript at run time", () => {
    expect(manifest.scripts.start).toMatch(/^node scripts\/ensure-build\.mjs && /);
    // The tests' server (tests/setup/server-process.ts) is the one production runs.
    expect(manifest.scripts.start!.endsWith(` node ${SERVER_ENTRY.join(" ")}`)).toBe(true);
    for (const name of ["start", "serve", "db:migrate", "seed:demo"]) expect(manifest.scripts[name]).not.toMatch(/tsx/);
  });

  it("finds the imports it checks below (the scan is not vacuous)", () => {
    const users = importedAtRunTime();
    expect(users.get("kysely")?.length).toBeGreaterThan(10);
    expect(users.get("yjs")).toBeDefined();
    expect(users.has("vitest")).toBe(false); // tests are not runtime code
  });

  it("every package the runtime code imports is a dependency, not a devDependency", () => {
    const missing = [...importedAtRunTime()]
      .filter(([name]) => !(name in manifest.dependencies))
      .map(([name, files]) => `${name} (${files[0]})`);
    expect(missing).toEqual([]);
  });

  it("every dependency is imported by runtime code or required as a peer by one that is", () => {
    const imported = [...importedAtRunTime().keys()].filter((name) => name in manifest.dependencies);
    const peers = new Set(imported.flatMap((name) => Object.keys(installedManifest(name).peerDependencies ?? {})));
    const unused = Object.keys(manifest.dependencies).filter((name) => !imported.includes(name) && !peers.has(name));
    expect(unused).toEqual([]);
  });
});

describe("a supported Node LTS", () => {
  const pinned = manifest.devDependencies.node ?? "";
  const major = Number(/^(\d+)\./.exec(pinned)?.[1]);

  it("is pinned as the `node` devDependency, and engines and .nvmrc name the same major", () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/); // exact, like every pin here
    expect(major).toBeGreaterThanOrEqual(24);
    expect(major % 2).toBe(0); // even majors become LTS
    expect(manifest.engines.node).toBe(`>=${major}`);
    expect(existsSync(join(ROOT, ".nvmrc")) && readFileSync(join(ROOT, ".nvmrc"), "utf8").trim()).toBe(String(major));
  });

  it("runs these tests (npm test, npx vitest: node_modules/.bin comes first in PATH)", () => {
    expect(process.versions.node).toBe(pinned);
  });
});
