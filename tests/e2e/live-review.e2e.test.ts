import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import type { RunningServer } from "../setup/server-process";
import { login as loginHttp } from "../integration/live/helpers";

/** Two reviewers in two browser contexts co-edit the shared examination notes and see each other's caret. */
describe("live review notes in Chromium", () => {
  const portal = useDemoPortal();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;
  beforeAll(() => void ({ server, browser, dossierId } = portal()));

  async function openAs(email: string): Promise<Page> {
    const page = await browser.newPage({ baseURL: server.url });
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("datadock-demo");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/financeur");
    // The review room on indicator 1.1: its part of the notes, its thread.
    await page.goto(`/financeur/examens/${dossierId}?indicateur=1.1`);
    await expect.poll(() => page.locator(".live-state").getAttribute("data-state")).toBe("synced");
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    return page;
  }

  it("alice and bruno see each other's text, caret label and presence", async () => {
    const alice = await openAs("alice@financeur-a.demo");
    const bruno = await openAs("bruno@financeur-a.demo");
    const aliceNotes = alice.getByTestId("review-notes");
    const brunoNotes = bruno.getByTestId("review-notes");

    await aliceNotes.click();
    await alice.keyboard.type("Alice : programme à vérifier.");
    await expect.poll(() => brunoNotes.innerText()).toContain("Alice : programme à vérifier.");

    await brunoNotes.click();
    await bruno.keyboard.press("End");
    await bruno.keyboard.press("Enter");
    await bruno.keyboard.type("Bruno : d'accord.");
    await expect.poll(() => aliceNotes.innerText()).toContain("Bruno : d'accord.");

    // Each sees the other's caret with their name.
    await expect
      .poll(() => alice.locator(".collaboration-carets__label").allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringMatching(/Bruno/)]));
    await aliceNotes.click();
    await alice.keyboard.type("!");
    await expect
      .poll(() => bruno.locator(".collaboration-carets__label").allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringMatching(/Alice/)]));

    // And each other in the "who is here" list.
    await expect.poll(() => alice.getByTestId("presence").innerText()).toMatch(/Bruno/);
    await expect.poll(() => bruno.getByTestId("presence").innerText()).toMatch(/Alice/);

    // The OF answers the indicator's thread: alice's room shows it without reload.
    const of = await loginHttp(server.url, "contact@of-rhone.demo");
    const url = alice.url();
    const aliceThread = alice.locator('details[data-thread-code="1.1"] section.thread-panel');
    await expect.poll(() => aliceThread.getAttribute("data-live")).toBe("on");
    await of.postForm("/organisme/dossier/indicateur/1.1", { intent: "message", body: "Voici le programme mis à jour." });
    await expect.poll(() => aliceThread.getByTestId("thread-messages").innerText()).toContain("Voici le programme mis à jour.");
    expect(alice.url()).toBe(url);
  });
});
