/**
 * Waiting on a barrier: a condition the test expects to become true (a relayed edit, a closed socket, a
 * rendered page). A barrier returns as soon as its condition holds, so its limit costs nothing when the
 * code works; the limit only decides when a broken test gives up. It is sized for a loaded two-core CI
 * machine, where a round trip that takes 50 ms on a desk took seconds (docs/decisions/055).
 *
 * Vitest's `expect.poll` and Playwright's page actions use the same limit (vitest.config.ts,
 * tests/e2e/browser.ts). A limit is never a speed claim: speed targets live in the benchmarks.
 */
export const BARRIER_TIMEOUT_MS = 30_000;

/** Polls until the predicate holds; fails the test, naming what it waited for, after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what = "a condition",
  timeoutMs = BARRIER_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
