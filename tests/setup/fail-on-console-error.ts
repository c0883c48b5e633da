import { afterEach, vi } from "vitest";

// A console.error in a test is a bug we want to see as a failure, not as noise.
// Test files share a worker's module graph (vitest.config.ts: isolate false), and this file runs again
// for each of them: console.error is wrapped once per worker, and each file reads what its own tests logged.
const state = globalThis as typeof globalThis & { __consoleErrors?: unknown[][] };
if (!state.__consoleErrors) {
  state.__consoleErrors = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    state.__consoleErrors!.push(args);
    original(...args);
  };
}
state.__consoleErrors.length = 0;
afterEach(() => {
  const seen = state.__consoleErrors!.splice(0);
  if (seen.length > 0) {
    vi.restoreAllMocks();
    throw new Error(`console.error was called:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});
