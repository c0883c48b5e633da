import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { SERVER_SOURCES, serverBuildOptions } from "../../scripts/build-server.mjs";
import { isProductionRemixBuild } from "../../scripts/ensure-build.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The paths scripts/ensure-build.mjs watches: a source newer than build/ triggers a rebuild. */
function watchedRoots(): string[] {
  const script = readFileSync(join(ROOT, "scripts/ensure-build.mjs"), "utf8");
  const list = /const roots = \[([^\]]*)\]/.exec(script)?.[1];
  if (!list) throw new Error("no `const roots = [...]` in scripts/ensure-build.mjs");
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(entry) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every source file the Remix build bundles: app/ and whatever it reaches through relative imports. */
function bundledSources(): Set<string> {
  const seen = new Set<string>();
  const queue = filesUnder(join(ROOT, "app"));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const target = resolveImport(file, specifier!);
      if (target && !/\.(css|svg)$/.test(target)) queue.push(target);
    }
  }
  return seen;
}

describe("the stale-build check (scripts/ensure-build.mjs, run by the test suite's global setup)", () => {
  it("watches every source file the Remix build is made of", () => {
    const roots = watchedRoots().map((root) => join(ROOT, root));
    const sources = [...bundledSources()];
    expect(sources.length).toBeGreaterThan(100); // the crawl really followed the imports
    const unwatched = sources.filter((file) => !roots.some((root) => file === root || file.startsWith(`${root}/`)));
    expect(unwatched.map((file) => relative(ROOT, file))).toEqual([]);
  });
});

describe("a development build in build/ (left by `npm run dev`)", () => {
  it("is not taken for an up-to-date production build, however recent", () => {
    const tail = (mode: string) => `var mode = "${mode}", assetsBuildDirectory = "public/build", future = {};`;
    expect(isProductionRemixBuild(tail("production"))).toBe(true);
    expect(isProductionRemixBuild(tail("development"))).toBe(false);
  });
});

describe("the stale-build check of the compiled server (dist/, scripts/build-server.mjs)", () => {
  it("watches every source file the server build is made of, and bundles none of node_modules", async () => {
    const result = await build({ ...serverBuildOptions, write: false, metafile: true, logLevel: "silent" });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("server/index.ts");
    expect(inputs.length).toBeGreaterThan(100); // the build really followed the imports
    expect(inputs.filter((file) => file.includes("node_modules"))).toEqual([]); // one yjs, one lib0 (decision 003)
    const unwatched = inputs.filter((file) => !SERVER_SOURCES.some((root) => file === root || file.startsWith(`${root}/`)));
    expect(unwatched).toEqual([]);
  });
});
