import { existsSync } from "node:fs";
import { BARRIER_TIMEOUT_MS } from "../setup/barrier";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

/** Debian's chromium (`apt-get install -y chromium`); Playwright's own download is never used. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * How long one browser flow (several pages, contexts and live round trips) may take before the test
 * fails: a safety net against a hang, not a speed target (those live in the benchmarks). CI runs a dozen
 * such flows at once on two cores beside a fuzzer; one flow of 21 page loads took more than 90 s there.
 */
export const BROWSER_FLOW_TIMEOUT = 240_000;

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LaunchedBrowser {
  browser: Browser;
  /**
   * A page in a context of its own (own cookies and storage): two pages are two users.
   * Options are passed to `browser.newContext`, e.g. `{ baseURL }`.
   */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Closes every context, then the browser. Safe to call twice. */
  close(): Promise<void>;
}

export interface LaunchBrowserOptions {
  /** Default timeout of pages' actions and navigations, in ms: a barrier's limit unless told otherwise. */
  timeout?: number;
  /** Extra chromium switches, after the defaults. */
  args?: string[];
}

/**
 * Starts headless Chromium. `chromium.launch` runs it on a fresh temporary user-data-dir of its
 * own (Playwright refuses a `--user-data-dir` switch here) and deletes it on close, so no profile,
 * cookie or cache outlives a launch.
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (not \`npx playwright install\`).`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  const contexts = new Set<BrowserContext>();
  let closing: Promise<void> | undefined;

  return {
    browser,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext(contextOptions);
      contexts.add(context);
      context.on("close", () => contexts.delete(context));
      context.setDefaultTimeout(options.timeout ?? BARRIER_TIMEOUT_MS);
      return context.newPage();
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...contexts].map((context) => context.close()));
        await browser.close();
      })();
      return closing;
    },
  };
}
