import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { login as loginHttp, queueDossiers } from "../integration/live/helpers";

/*
 * The "Live review" issue's "Done when", in Chromium: two reviewers on one examination page, the OF
 * answering a thread from its own indicator page, the coordination watching the Activité page.
 * The OF is Rhône Formation Pro (its dossier is en examen; the demo's of-exemple is still a brouillon).
 */
const OF_EMAIL = "contact@of-rhone.demo";
const OF_NAME = "Sofia Moreau";

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("datadock-demo");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Top of an indicator's article relative to the viewport. */
const articleTop = (page: Page, code: string) =>
  page.evaluate((c) => document.getElementById(`indicateur-${c}`)?.getBoundingClientRect().top ?? Number.NaN, code);

interface Scene {
  alice: Page;
  bruno: Page;
  of: Page;
  coordination: Page;
  errors: string[];
}

/** Opens the four pages, each on the server given (one instance, or two sharing PostgreSQL and Redis). */
async function openScene(
  browser: LaunchedBrowser,
  dossierId: string,
  urls: { alice: string; bruno: string; of: string; coordination: string },
): Promise<Scene> {
  const errors: string[] = [];
  const open = async (baseURL: string, email: string, path: string) => {
    const page = await browser.newPage({ baseURL });
    const pageErrors = collectErrors(page);
    await signIn(page, email);
    await page.goto(path);
    errors.push(...pageErrors);
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    return page;
  };
  const coordination = await open(urls.coordination, "coordination@datadock.demo", "/coordination/activite");
  await expect.poll(() => coordination.locator(".live-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("connected");
  const alice = await open(urls.alice, "alice@financeur-a.demo", `/financeur/examens/${dossierId}`);
  const bruno = await open(urls.bruno, "bruno@financeur-a.demo", `/financeur/examens/${dossierId}`);
  const of = await open(urls.of, OF_EMAIL, "/organisme/dossier/indicateur/1.1");
  await expect.poll(() => of.getByTestId("live-updates").getAttribute("data-state"), { timeout: 15_000 }).toBe("connected");
  return { alice, bruno, of, coordination, errors };
}

async function doneWhen(scene: Scene): Promise<void> {
  const { alice, bruno, of, coordination } = scene;
  // Each reviewer sees the other (and the OF, on its own dossier) in "who is here".
  await expect
    .poll(() => alice.getByTestId("presence").innerText(), { timeout: 15_000 })
    .toMatch(/Bruno Lefèvre[\s\S]*Sofia Moreau|Sofia Moreau[\s\S]*Bruno Lefèvre/);
  await expect.poll(() => bruno.getByTestId("presence").innerText(), { timeout: 15_000 }).toMatch(/Alice Martin/);

  // The coordinator sees all three on the Activité page, on that dossier.
  const online = coordination.getByTestId("activity");
  await expect.poll(() => online.innerText(), { timeout: 15_000 }).toMatch(/Alice Martin/);
  await expect.poll(() => online.innerText(), { timeout: 15_000 }).toMatch(/Bruno Lefèvre/);
  await expect.poll(() => online.innerText(), { timeout: 15_000 }).toContain(OF_NAME);

  // The OF answers the thread from its page: alice's page shows it without reload, the feed lists it.
  const aliceUrl = alice.url();
  const body = `Voici le programme mis à jour (${Date.now()}).`;
  await of.locator('textarea[name="body"]').fill(body);
  await of.locator('form:has(textarea[name="body"]) button[type="submit"]').click();
  await expect.poll(() => alice.getByTestId("live-messages").innerText(), { timeout: 10_000 }).toContain(body);
  expect(alice.url()).toBe(aliceUrl);
  await expect
    .poll(() => coordination.getByTestId("activity-feed").locator('tr[data-kind="message"]').first().innerText(), { timeout: 10_000 })
    .toMatch(/Sofia Moreau[\s\S]*1\.1/);
}

describe("live review and activity in Chromium (one instance)", () => {
  const portal = useDemoPortal();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;
  beforeAll(() => void ({ server, browser, dossierId } = portal()));

  it("alice and bruno review together, the OF answers, the coordination watches; decisions and following are live", async () => {
    const scene = await openScene(browser, dossierId, { alice: server.url, bruno: server.url, of: server.url, coordination: server.url });
    await doneWhen(scene);
    const { alice, bruno, of } = scene;

    // Bruno decides on 1.1: alice's examination page and the OF's indicator page update without reload.
    const reason = `Programme incomplet (${Date.now()}).`;
    const article = bruno.locator('article[id="indicateur-1.1"]');
    await article.locator('input[data-decision="a_completer"]').check();
    await article.locator("textarea").fill(reason);
    await article.getByRole("button", { name: "Enregistrer la décision" }).click();
    await expect
      .poll(() => alice.locator('article[id="indicateur-1.1"] .review__decision').innerText(), { timeout: 10_000 })
      .toContain(reason);
    await expect.poll(() => of.locator("#review-reason").innerText(), { timeout: 10_000 }).toContain(reason);

    // Alice follows Bruno: her view goes to the indicator he is on, and along as he moves, until she stops.
    const codes = await alice
      .locator('article[id^="indicateur-"]')
      .evaluateAll((list) => list.map((a) => a.id.slice("indicateur-".length)));
    expect(codes.length).toBeGreaterThan(6);
    const [first, second, third] = [codes[codes.length - 2]!, codes[3]!, codes[codes.length - 4]!];
    await alice.getByRole("button", { name: "Suivre Bruno Lefèvre" }).click();
    await expect.poll(() => alice.getByTestId("following").innerText()).toContain("Bruno Lefèvre");
    const goTo = (code: string) =>
      bruno.evaluate((c) => document.getElementById(`indicateur-${c}`)!.scrollIntoView({ block: "start" }), code);
    await goTo(first);
    await expect.poll(() => articleTop(alice, first), { timeout: 10_000 }).toBeLessThan(5);
    expect(await articleTop(alice, first)).toBeGreaterThan(-5);
    await goTo(second);
    await expect.poll(async () => Math.abs(await articleTop(alice, second)), { timeout: 10_000 }).toBeLessThan(5);

    await alice.getByTestId("following").getByRole("button", { name: "Ne plus suivre" }).click();
    await expect.poll(() => alice.getByTestId("following").count()).toBe(0);
    const scrollY = () => alice.evaluate(() => window.scrollY);
    const before = await scrollY(); // (clicking the button brought the panel into view)
    await goTo(third);
    // Alice's page sees Bruno move to the third indicator, but her view stays where it was.
    await expect.poll(() => alice.locator(`[data-testid="presence"] li[data-indicator="${third}"]`).count(), { timeout: 10_000 }).toBe(1);
    expect(await scrollY()).toBe(before);
    expect(Math.abs(await articleTop(alice, third))).toBeGreaterThan(100);

    expect(scene.errors.filter((e) => /Content Security Policy|Hydration|WebSocket/i.test(e))).toEqual([]);
  }, 120_000);
});

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)("live review and activity in Chromium (two instances)", () => {
  let database: TestDatabase;
  let first: RunningServer;
  let second: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url!, REDIS_URL: process.env.REDIS_URL! };
    first = await startServer({ env }); // one after the other: the first seeds the empty database
    second = await startServer({ env });
    browser = await launchBrowser({ timeout: 15_000 });
    const dossiers = await queueDossiers(await loginHttp(first.url, "alice@financeur-a.demo"));
    dossierId = [...dossiers].find(([name]) => name.startsWith("Rhône"))![1];
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.close();
  });

  it("alice on one instance, bruno and the OF on the other, the coordination on the first", async () => {
    const scene = await openScene(browser, dossierId, { alice: first.url, bruno: second.url, of: second.url, coordination: first.url });
    await doneWhen(scene);
    expect(scene.errors.filter((e) => /Content Security Policy|Hydration|WebSocket/i.test(e))).toEqual([]);
  }, 120_000);
});
