/**
 * Live latency from a user's side (issue 16, item 5): from the moment a reviewer's decision is posted to
 * the moment another reviewer's open page shows it, in a browser. PostgreSQL, two server instances and
 * Redis (the socket.io Redis adapter carries the live event from one instance to the other).
 *
 *   npm run bench -- --only latency   or
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm exec -- node --import tsx tests/bench/live-latency.ts [--decisions 50] [--warmup-decisions 3] [--timeout 10000] [--gap 300]
 *
 * A fresh database with the demo data (seeded by the first instance), two instances on it. Bruno (co-examiner
 * of the Rhône Formation Pro dossier) opens its review room in Chromium on instance 2 and keeps it open.
 * Alice (its examiner) decides on instance 1 through the room's form action, as her page's form posts it
 * (intent=decide, indicatorId, indicatorCode, decision, reason when required, expectedVersion), cycling over
 * a few indicators and over valide → à compléter → non conforme, so each decision changes what Bruno's
 * rail shows. Per decision: t0 = Date.now() just before the POST is sent; t1 = Date.now() in Bruno's page
 * when a MutationObserver sees the indicator's rail item (`li[data-rail-code][data-state]`) take the new
 * state (both processes share the machine's clock); also the next animation frame after it. The benchmark
 * waits on that barrier (a timeout fails the run). `--warmup-decisions` (default 3) are measured but left
 * out of the figures (the first ones pay the page's first live reload); `--gap` ms (default 300) separate
 * a seen decision from the next POST, so Bruno's page has finished the previous reload, as between two
 * real decisions. Bruno's page must never navigate (no reload) and never show a conflict notice.
 * Not pinned: two servers, Chromium, PostgreSQL and Redis share the machine.
 * Results: tests/bench/results/live-latency.{json,md}.
 */
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "../e2e/browser";
import { logInAs } from "../e2e/log-in";
import type { HttpClient } from "../setup/http-client";
import { startServer, type RunningServer } from "../setup/server-process";
import {
  freshPostgres,
  isMain,
  login,
  markdownTable,
  option,
  percentile,
  rhoneDossierId,
  round,
  runRecord,
  sleep,
  unpinLoadGenerator,
  writeResults,
} from "./lib";

const DECIDER = "alice@financeur-a.demo";
const WATCHER = "bruno@financeur-a.demo";
const CYCLE = ["valide", "a_completer", "non_conforme"] as const;
type Decision = (typeof CYCLE)[number];
/** How many indicators the decisions cycle over (the first ones of the rail). */
const INDICATORS = 5;

export const LATENCY_TITLE = "Live latency, decision → second reviewer's page (PostgreSQL, 2 instances, Redis)";

/**
 * Installed in the watcher's page (a string: the function must not carry the bundler's helpers). `arm`
 * sets what the rail must show; a MutationObserver notes Date.now() when it does, then at the next frame.
 */
const OBSERVER_SCRIPT = `(() => {
  const s = { target: null, seen: null, resolve: null, promise: null };
  const item = (code) => document.querySelector('[data-testid="rail"] li[data-rail-code="' + code + '"]');
  const check = () => {
    const t = s.target;
    if (!t || s.seen) return;
    const li = item(t.code);
    if (!li || li.getAttribute("data-state") !== t.state) return;
    s.seen = { dom: Date.now(), frame: null };
    const seen = s.seen;
    let settled = false;
    const settle = () => { if (!settled) { settled = true; s.resolve(seen); } };
    requestAnimationFrame(() => { seen.frame = Date.now(); settle(); });
    setTimeout(settle, 1000);
  };
  new MutationObserver(check).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-state"],
  });
  window.__latency = {
    state: (code) => item(code)?.getAttribute("data-state") ?? null,
    arm(code, state) {
      if (this.state(code) === state) return false;
      s.target = { code, state };
      s.seen = null;
      s.promise = new Promise((resolve) => { s.resolve = resolve; });
      return true;
    },
    wait(ms) {
      return Promise.race([s.promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
    },
  };
})();`;

interface Sample {
  index: number;
  warmup: boolean;
  code: string;
  decision: Decision;
  /** POST sent → its redirect received (instance 1). */
  postMs: number;
  /** POST sent → the watcher's DOM shows it (instance 2). */
  latencyMs: number;
  /** POST sent → the next animation frame after the DOM change (null when no frame came within 1 s). */
  frameMs: number | null;
}

interface Summary {
  count: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

function summary(values: number[]): Summary {
  return {
    count: values.length,
    median: round(percentile(values, 50), 0),
    p95: round(percentile(values, 95), 0),
    min: round(Math.min(...values), 0),
    max: round(Math.max(...values), 0),
  };
}

const row = (s: Summary | null): number[] => (s ? [s.count, s.median, s.p95, s.min, s.max] : [0, NaN, NaN, NaN, NaN]);

/** The figures over the measured decisions, overall and by kind of decision. */
function latencyFigures(measured: Sample[]) {
  const over = (list: number[]) => (list.length ? summary(list) : null);
  const latencies = (list: Sample[]) => list.map((s) => s.latencyMs);
  return {
    latencyMs: summary(latencies(measured)),
    byDecision: {
      valide: over(latencies(measured.filter((s) => s.decision === "valide"))),
      withReason: over(latencies(measured.filter((s) => s.decision !== "valide"))),
    },
    frameMs: over(measured.flatMap((s) => (s.frameMs === null ? [] : [s.frameMs]))),
    postMs: summary(measured.map((s) => s.postMs)),
  };
}

/** The room's form for one indicator, as the decider's page has it: the indicator's id and the version she saw. */
async function decisionForm(client: HttpClient, room: string, code: string) {
  const response = await client.get(`${room}?indicateur=${encodeURIComponent(code)}`);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET ${room}?indicateur=${code} answered ${response.status}`);
  const form = /<form[^>]*data-review-form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (!form) throw new Error(`${DECIDER} has no decision form on ${code}: may she decide on this dossier?`);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
  const indicatorId = field("indicatorId");
  const expectedVersion = field("expectedVersion");
  if (!indicatorId || expectedVersion === undefined || field("indicatorCode") !== code) {
    throw new Error(`the decision form of ${code} lacks its hidden fields`);
  }
  return { indicatorId, expectedVersion };
}

/** The rail's indicator codes and states, from the room's HTML. */
async function railStates(client: HttpClient, room: string): Promise<Map<string, string>> {
  const html = await (await client.get(room)).text();
  return new Map([...html.matchAll(/data-rail-code="([^"]+)" data-state="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
}

async function openWatcher(server: RunningServer, room: string, code: string, browser: LaunchedBrowser) {
  const page = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await logInAs(page, WATCHER, "/financeur");
  await page.goto(`${room}?indicateur=${encodeURIComponent(code)}`);
  await page.getByTestId("socket-state").and(page.locator('[data-state="online"]')).waitFor({ timeout: 30_000 });
  await page.evaluate(OBSERVER_SCRIPT);
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  return { page, errors, navigations: () => navigations };
}

const armWatcher = (page: Page, code: string, state: string) =>
  page.evaluate(`window.__latency.arm(${JSON.stringify(code)}, ${JSON.stringify(state)})`) as Promise<boolean>;
const waitWatcher = (page: Page, ms: number) =>
  page.evaluate(`window.__latency.wait(${ms})`) as Promise<{ dom: number; frame: number | null } | null>;

export async function liveLatency() {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    throw new Error(
      "live-latency needs PostgreSQL and Redis (two instances share them): set DATABASE_URL (an admin URL, " +
        "e.g. postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL (e.g. redis://127.0.0.1:6379).",
    );
  }
  unpinLoadGenerator(); // Chromium and both servers, started from here, use every core
  const decisions = Math.max(1, option("decisions", "BENCH_DECISIONS", 50));
  const warmup = Math.max(0, option("warmup-decisions", "BENCH_WARMUP_DECISIONS", 3));
  const timeoutMs = option("timeout", "BENCH_TIMEOUT", 10_000);
  const gapMs = option("gap", "BENCH_GAP", 300);
  const record = {
    ...runRecord(),
    rounds: undefined,
    pinning: { enabled: false, serverCores: "any", loadGeneratorCores: "any", reason: "two servers, Chromium, PostgreSQL and Redis" },
  };
  const database = (await freshPostgres())!;
  const env = { DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL };
  const servers: RunningServer[] = [];
  let browser: LaunchedBrowser | undefined;
  try {
    browser = await launchBrowser({ timeout: 30_000 });
    servers.push(await startServer({ env })); // one after the other: the first seeds the demo data
    servers.push(await startServer({ env }));
    const [first, second] = servers as [RunningServer, RunningServer];
    const alice = await login(first.url, DECIDER);
    const room = `/financeur/examens/${await rhoneDossierId(alice)}`;
    const states = await railStates(alice, room);
    const codes = [...states.keys()].slice(0, INDICATORS);
    if (codes.length === 0) throw new Error(`no indicator in the rail of ${room}`);
    const watcher = await openWatcher(second, room, codes[0]!, browser);

    const samples: Sample[] = [];
    for (let index = 0; index < warmup + decisions; index++) {
      const code = codes[index % codes.length]!;
      const current = await watcher.page.evaluate(`window.__latency.state(${JSON.stringify(code)})`);
      const decision = CYCLE[(CYCLE.indexOf(current as Decision) + 1) % CYCLE.length]!;
      const { indicatorId, expectedVersion } = await decisionForm(alice, room, code);
      if (!(await armWatcher(watcher.page, code, decision))) throw new Error(`${code} already shows ${decision}`);
      const fields = {
        intent: "decide",
        indicatorId,
        indicatorCode: code,
        decision,
        reason: decision === "valide" ? "" : `Décision n° ${index + 1} (mesure de latence).`,
        expectedVersion,
      };
      const t0 = Date.now();
      const response = await alice.postForm(room, fields);
      const postMs = Date.now() - t0;
      await response.arrayBuffer();
      if (response.status < 300 || response.status >= 400) throw new Error(`decision ${index + 1} on ${code} answered ${response.status}`);
      const seen = await waitWatcher(watcher.page, timeoutMs);
      if (!seen)
        throw new Error(`decision ${index + 1} (${code} → ${decision}) not shown on the second reviewer's page within ${timeoutMs} ms`);
      samples.push({
        index: index + 1,
        warmup: index < warmup,
        code,
        decision,
        postMs,
        latencyMs: seen.dom - t0,
        frameMs: seen.frame === null ? null : seen.frame - t0,
      });
      console.error(`decision ${index + 1}/${warmup + decisions} ${code} → ${decision}: ${seen.dom - t0} ms (POST ${postMs} ms)`);
      await sleep(gapMs);
    }
    if (watcher.navigations() !== 0) throw new Error(`the second reviewer's page navigated ${watcher.navigations()} times (a reload)`);
    const conflicts = await watcher.page.getByTestId("decision-conflict").count();
    if (conflicts !== 0) throw new Error("the second reviewer's page shows a conflict notice, though he has no draft");

    const measured = samples.filter((s) => !s.warmup);
    const result = latencyFigures(measured);
    const warmups = samples.filter((s) => s.warmup).map((s) => `${s.latencyMs} ms`);
    const m = record.machine;
    const md = [
      `### ${LATENCY_TITLE}`,
      "",
      `Alice posts ${decisions} decisions on instance 1 (after ${warmup} warm-up decisions, measured and left out: ${warmups.join(", ") || "none"}), ` +
        `cycling over indicators ${codes.join(", ")} and valide → à compléter → non conforme; Bruno's review room is open in Chromium on instance 2. ` +
        `From Date.now() before the POST to Date.now() in Bruno's page when the indicator's rail item shows the new state (MutationObserver).`,
      "",
      markdownTable(
        ["from the POST sent to…", "decisions", "median ms", "p95 ms", "min ms", "max ms"],
        [
          ["the second reviewer's DOM showing it", ...row(result.latencyMs)],
          ["… of which valide (no reason: `dossier:changed` only)", ...row(result.byDecision.valide)],
          ["… of which à compléter / non conforme (with a reason: also a thread message)", ...row(result.byDecision.withReason)],
          ["the next animation frame after it", ...row(result.frameMs)],
          ["its answer (302, instance 1)", ...row(result.postMs)],
        ],
      ),
      "",
      `Bruno's page: no navigation (no reload), no conflict notice, ${watcher.errors.length} console errors. ` +
        "A valide decision reaches the page as a `dossier:changed` live event; a decision with a reason also posts to the indicator's thread. " +
        "The page reloads its data on the first live event at once (app/components/live/use-live-revalidation.ts, decision record 052). " +
        "Every decision is in the JSON.",
      "",
      `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average at start ${m.loadAverageAtStart.join(" / ")}. ` +
        `Not pinned (${record.pinning.reason} share the machine); one run, ${gapMs} ms between a seen decision and the next POST.`,
      `Command: \`${record.command}\` (${record.date}).`,
    ].join("\n");
    writeResults(
      "live-latency",
      { ...record, decisions, warmup, gapMs, timeoutMs, indicators: codes, ...result, consoleErrors: watcher.errors, samples },
      md,
    );
    console.log(md);
    return result;
  } finally {
    await browser?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

if (isMain(import.meta.url)) {
  liveLatency().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
