import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order `npm test` hands files to its workers: the longest first, so that no long file starts last
 * and runs alone while the other worker sits idle (CI ran the page audit, a 4-line file and so last in
 * vitest's by-size order, alone for its last three minutes).
 *
 * A file's cost is known from vitest's cache when the machine has run it before (that order is kept);
 * on a clean checkout (CI) it is estimated by kind: the page audits, then the malformed-input fuzz, then
 * the other browser tests, the resilience tests, the integration tests, the rest; within a kind, the
 * larger file first.
 */
const KINDS: ((path: string) => boolean)[] = [
  (path) => /\/tests\/e2e\/page-audit-[^/]+\.e2e\.test\.ts$/.test(path),
  (path) => path.endsWith("/tests/resilience/malformed-input-fuzz.test.ts"),
  (path) => path.endsWith(".e2e.test.ts"),
  (path) => path.includes("/tests/resilience/"),
  (path) => path.includes("/tests/integration/"),
];

export function kindRank(path: string): number {
  const rank = KINDS.findIndex((matches) => matches(path));
  return rank === -1 ? KINDS.length : rank;
}

export default class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // The cache's own key, as BaseSequencer reads it.
    const key = (file: TestSpecification) => `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
    if (files.every((file) => this.ctx.cache.getFileTestResults(key(file)))) return super.sort(files);
    const size = new Map(files.map((file) => [file, this.ctx.cache.getFileStats(key(file))?.size ?? 0]));
    return [...files].sort((a, b) => kindRank(a.moduleId) - kindRank(b.moduleId) || size.get(b)! - size.get(a)!);
  }
}
