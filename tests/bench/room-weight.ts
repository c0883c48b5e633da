/**
 * What the review room weighs on the wire (issue 13): the bytes a reviewer's browser transfers to open
 * the room (empty cache, as on a first visit) and then to move to the next indicator, by kind (document,
 * scripts, styles, data, other), and which script chunks were fetched — pdf.js and the editor must load
 * only when used. Chromium reports each response's encoded (transferred, compressed) length.
 *
 *   npm exec -- node --import tsx tests/bench/room-weight.ts
 * DATABASE_URL (admin URL) → a fresh PostgreSQL database; else PGlite. Results: tests/bench/results/room-weight.{json,md}.
 */
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/browser";
import { startServer } from "../setup/server-process";
import { DEMO_PASSWORD, demoDossierId, freshPostgres, isMain, login, markdownTable, runRecord, writeResults } from "./lib";

type Kind = "document" | "script" | "stylesheet" | "data" | "other";

interface Transfer {
  url: string;
  kind: Kind;
  bytes: number;
}

interface Weight {
  totalBytes: number;
  byKind: Record<Kind, number>;
  requests: number;
  scripts: string[];
}

/** Every response's transferred length while `action` runs and the page settles (network idle). */
async function transfers(page: Page, action: () => Promise<void>, cacheDisabled: boolean): Promise<Transfer[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled });
  const seen = new Map<string, { url: string; type: string }>();
  const done: Transfer[] = [];
  cdp.on("Network.responseReceived", (e) => seen.set(e.requestId, { url: e.response.url, type: e.type }));
  cdp.on("Network.loadingFinished", (e) => {
    const r = seen.get(e.requestId);
    if (!r) return;
    const kind: Kind =
      r.type === "Document"
        ? "document"
        : r.type === "Script"
          ? "script"
          : r.type === "Stylesheet"
            ? "stylesheet"
            : r.type === "Fetch" || r.type === "XHR"
              ? "data"
              : "other";
    done.push({ url: r.url, kind, bytes: e.encodedDataLength });
  });
  await action();
  await page.waitForLoadState("networkidle");
  await cdp.detach();
  return done;
}

function weigh(list: Transfer[]): Weight {
  const byKind: Record<Kind, number> = { document: 0, script: 0, stylesheet: 0, data: 0, other: 0 };
  for (const t of list) byKind[t.kind] += t.bytes;
  return {
    totalBytes: list.reduce((sum, t) => sum + t.bytes, 0),
    byKind,
    requests: list.length,
    scripts: list.filter((t) => t.kind === "script").map((t) => new URL(t.url).pathname.split("/").pop() ?? t.url),
  };
}

const kib = (bytes: number) => Math.round(bytes / 102.4) / 10;

export async function roomWeight() {
  const record = runRecord();
  const database = await freshPostgres();
  const server = await startServer({ env: database ? { DATABASE_URL: database.url } : {} });
  const browser = await launchBrowser({ timeout: 30_000 });
  try {
    const dossierId = await demoDossierId(await login(server.url, "alice@financeur-a.demo"));
    const page = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill("alice@financeur-a.demo");
    await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/financeur");
    // A first visit: the cache off, every file the room needs is counted (the login page's too).
    const first = weigh(await transfers(page, () => page.goto(`/financeur/examens/${dossierId}?indicateur=1.1`).then(() => {}), true));
    const next = weigh(
      await transfers(
        page,
        async () => {
          await page
            .getByRole("link", { name: /^Indicateur suivant/ })
            .first()
            .click();
          await page.waitForURL(/indicateur=1\.2/);
        },
        false,
      ),
    );
    const pdfjsOnFirstLoad = first.scripts.some((s) => /pdf/i.test(s));
    const editorOnFirstLoad = first.scripts.filter((s) => /tiptap|editor|prosemirror/i.test(s));
    const row = (step: string, w: Weight) => [
      step,
      kib(w.totalBytes),
      kib(w.byKind.document),
      kib(w.byKind.script),
      kib(w.byKind.stylesheet),
      kib(w.byKind.data),
      w.requests,
    ];
    const rows = [row("Open the room (indicator 1.1)", first), row("Next indicator (1.2)", next)];
    const markdown = [
      "### Review room on the wire (transferred bytes, compressed, Chromium)",
      "",
      markdownTable(["step", "total KiB", "document", "scripts", "styles", "data", "requests"], rows),
      "",
      `Scripts fetched on opening: ${first.scripts.join(", ") || "none"}.`,
      `pdf.js on opening: ${pdfjsOnFirstLoad ? "**yes**" : "no (loaded when a PDF is shown)"}. Next indicator fetched ${next.scripts.length ? next.scripts.join(", ") : "no script"}.`,
      `The room's collaborative notes editor is part of the room (its side column), ${editorOnFirstLoad.length ? `in ${editorOnFirstLoad.join(", ")}` : "in the route's chunk"}.`,
      "",
      `Machine: ${record.machine.cpus} × ${record.machine.cpuModel}, Node ${record.machine.node}; ${database ? "PostgreSQL" : "PGlite"}. One run: bytes do not vary with load.`,
      `Command: \`${record.command}\` (${record.date}).`,
    ].join("\n");
    writeResults("room-weight", { ...record, database: database ? "postgres" : "pglite", first, next, pdfjsOnFirstLoad }, markdown);
    console.log(markdown);
  } finally {
    await browser.close();
    await server.stop();
    await database?.drop();
  }
}

if (isMain(import.meta.url)) {
  roomWeight().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
