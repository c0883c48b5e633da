import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { login as loginHttp, queueDossiers } from "../integration/live/helpers";

/*
 * The "Live review" issue's "Done when", in Chromium, in the review room (issue 13): two reviewers in
 * the room of one dossier, the OF answering a thread from its own indicator page, the coordination
 * watching the Activité page. The OF is Rhône Formation Pro (its dossier is en examen).
 * Reviewers move through the room's rail (client-side: a reload leaves the dossier and ends following).
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

function collectErrors(page: Page, errors: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
}

const indicatorOf = (page: Page) => new URL(page.url()).searchParams.get("indicateur");
const article = (page: Page, code: string) => page.locator(`article[id="indicateur-${code}"]`);
/** A reviewer moves to another indicator through the room's rail. */
const move = (page: Page, code: string) => page.locator(`[data-rail-code="${code}"] a[data-indicator="${code}"]`).click();

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
    collectErrors(page, errors);
    await signIn(page, email);
    await page.goto(path);
    return page;
  };
  const room = `/financeur/examens/${dossierId}?indicateur=1.1`;
  const coordination = await open(urls.coordination, "coordination@datadock.demo", "/coordination/activite");
  await expect.poll(() => coordination.locator(".live-state").getAttribute("data-state")).toBe("connected");
  const alice = await open(urls.alice, "alice@financeur-a.demo", room);
  const bruno = await open(urls.bruno, "bruno@financeur-a.demo", room);
  for (const page of [alice, bruno]) await expect.poll(() => page.getByTestId("socket-state").getAttribute("data-state")).toBe("online");
  const of = await open(urls.of, OF_EMAIL, "/organisme/dossier/indicateur/1.1");
  await expect.poll(() => of.getByTestId("live-updates").getAttribute("data-state")).toBe("connected");
  return { alice, bruno, of, coordination, errors };
}

async function doneWhen(scene: Scene): Promise<void> {
  const { alice, bruno, of, coordination } = scene;
  // Each reviewer sees the other (and the OF, on its own dossier) in "who is here".
  await expect
    .poll(() => alice.getByTestId("presence").innerText())
    .toMatch(/Bruno Lefèvre[\s\S]*Sofia Moreau|Sofia Moreau[\s\S]*Bruno Lefèvre/);
  await expect.poll(() => bruno.getByTestId("presence").innerText()).toMatch(/Alice Martin/);

  // The coordinator sees all three on the Activité page, on that dossier.
  const online = coordination.getByTestId("activity");
  await expect.poll(() => online.innerText()).toMatch(/Alice Martin/);
  await expect.poll(() => online.innerText()).toMatch(/Bruno Lefèvre/);
  await expect.poll(() => online.innerText()).toContain(OF_NAME);

  // The OF answers the thread from its page: alice's room shows it in 1.1's thread without reload, the feed lists it.
  const aliceUrl = alice.url();
  const body = `Voici le programme mis à jour (${Date.now()}).`;
  await of.locator('textarea[name="body"]').fill(body);
  await of.locator('form:has(textarea[name="body"]) button[type="submit"]').click();
  await expect.poll(() => alice.locator('details[data-thread-code="1.1"]').innerText()).toContain(body);
  expect(alice.url()).toBe(aliceUrl);
  await expect
    .poll(() => coordination.getByTestId("activity-feed").locator('tr[data-kind="message"]').first().innerText())
    .toMatch(/Sofia Moreau[\s\S]*1\.1/);
}

const unexpected = (errors: string[]) => errors.filter((e) => /Content Security Policy|Hydration|WebSocket/i.test(e));

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

    // Bruno decides on 1.1: alice's room and the OF's indicator page update without reload.
    const reason = `Programme incomplet (${Date.now()}).`;
    await article(bruno, "1.1").locator('input[data-decision="a_completer"]').check();
    await article(bruno, "1.1").locator('textarea[name="reason"]').fill(reason);
    await article(bruno, "1.1").getByRole("button", { name: "Enregistrer la décision" }).click();
    await expect.poll(() => article(alice, "1.1").locator(".review__decision").innerText()).toContain(reason);
    await expect.poll(() => of.locator("#review-reason").innerText()).toContain(reason);

    // Alice follows Bruno through the presence list: her room goes where he is, and along as he moves, until she stops.
    const presence = alice.getByTestId("presence");
    await presence.getByRole("button", { name: "Suivre Bruno Lefèvre" }).click();
    await expect.poll(() => alice.getByTestId("following").innerText()).toContain("Bruno Lefèvre");
    await move(bruno, "2.1");
    await expect.poll(() => indicatorOf(alice)).toBe("2.1");
    await expect.poll(() => article(alice, "2.1").count()).toBe(1);
    await move(bruno, "3.2");
    await expect.poll(() => indicatorOf(alice)).toBe("3.2");

    await presence.getByRole("button", { name: "Ne plus suivre" }).click();
    await expect.poll(() => alice.getByTestId("following").count()).toBe(0);
    await move(bruno, "4.1");
    // Alice's room sees Bruno move to 4.1 (the barrier), but she stays on 3.2.
    await expect.poll(() => presence.locator('li[data-indicator="4.1"]').count()).toBe(1);
    expect(indicatorOf(alice)).toBe("3.2");
    expect(await article(alice, "3.2").count()).toBe(1);

    expect(unexpected(scene.errors)).toEqual([]);
    for (const page of [alice, bruno, of, scene.coordination]) await page.close();
  }, 120_000);
});

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)("live review and activity in Chromium (two instances)", () => {
  let database: TestDatabase;
  let first: RunningServer;
  let second: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    const env = { DATABASE_URL: database.url!, REDIS_URL: process.env.REDIS_URL! };
    first = await startServer({ env }); // one after the other: the first seeds the empty database
    second = await startServer({ env });
    browser = await launchBrowser();
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
    expect(unexpected(scene.errors)).toEqual([]);
  }, 120_000);
});
