import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_FLOW_TIMEOUT, type LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import type { RunningServer } from "../setup/server-process";
import { login as loginHttp } from "../integration/live/helpers";

/** Review notes with a part per indicator, the saved state, named versions, and the funders' notes on an OF. */
describe("collaborative documents in Chromium", () => {
  const portal = useDemoPortal();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;
  beforeAll(() => void ({ server, browser, dossierId } = portal()));

  async function openAs(email: string, path = `/financeur/examens/${dossierId}`, section = "#notes"): Promise<Page> {
    const page = await browser.newPage({ baseURL: server.url });
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("datadock-demo");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/financeur");
    await page.goto(path);
    await expect.poll(() => page.locator(`${section} .live-state`).getAttribute("data-state")).toBe("synced");
    return page;
  }

  it(
    "each indicator has its part of the notes; saving a version and restoring it reaches everyone",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const room = `/financeur/examens/${dossierId}?indicateur=1.1`;
      const alice = await openAs("alice@financeur-a.demo", room);
      const bruno = await openAs("bruno@financeur-a.demo", room);
      const aliceNotes = alice.getByTestId("review-notes");
      const brunoNotes = bruno.getByTestId("review-notes");
      expect(await alice.locator("#notes-title").innerText()).toBe("Notes partagées — 1.1");

      // Write on indicator 1.1: "all saved" once the server stored it (never "Enregistrement…" at once).
      await aliceNotes.click();
      await alice.keyboard.type("Programme conforme.");
      await expect.poll(() => alice.getByTestId("review-notes-saved").getAttribute("data-saved")).toBe("true");
      expect(await alice.getByTestId("review-notes-saved").innerText()).toBe("Toutes les modifications sont enregistrées");
      await expect.poll(() => brunoNotes.innerText()).toContain("Programme conforme.");

      // Indicator 1.2's part is another fragment of the same document: synced, and without 1.1's text.
      const other = await openAs("bruno@financeur-a.demo", `/financeur/examens/${dossierId}?indicateur=1.2`);
      expect(await other.locator("#notes-title").innerText()).toBe("Notes partagées — 1.2");
      expect(await other.getByTestId("review-notes").innerText()).not.toContain("Programme conforme.");
      await other.close();

      // Alice saves a named version; it is listed with her name.
      await alice.getByLabel("Nom de la version").fill("Première lecture");
      await alice.getByRole("button", { name: "Enregistrer une version" }).click();
      await expect.poll(() => alice.getByTestId("versions-list").innerText()).toMatch(/Première lecture\s+par Alice/);

      // Bruno adds text, then restores the version after confirming: both pages lose his text.
      await brunoNotes.click();
      await bruno.keyboard.press("ControlOrMeta+End");
      await bruno.keyboard.type(" Texte à retirer.");
      await expect.poll(() => aliceNotes.innerText()).toContain("Texte à retirer.");
      await bruno.reload();
      await expect.poll(() => bruno.getByTestId("versions-list").innerText()).toContain("Première lecture");
      await bruno.getByRole("button", { name: "Restaurer « Première lecture »" }).click();
      await bruno.getByRole("button", { name: "Oui, restaurer" }).click();
      await expect.poll(() => bruno.getByRole("status").filter({ hasText: "restaurée" }).count()).toBe(1);
      for (const notes of [aliceNotes, bruno.getByTestId("review-notes")]) {
        await expect.poll(() => notes.innerText()).not.toContain("Texte à retirer.");
        expect(await notes.innerText()).toContain("Programme conforme.");
      }
      // The current notes were kept as a version first.
      await expect.poll(() => bruno.getByTestId("versions-list").innerText()).toContain("Avant la restauration de « Première lecture »");
    },
  );

  it("funders co-edit their closed notes on an OF with carets; the OF cannot open the page", async () => {
    const probe = await openAs("alice@financeur-a.demo");
    const organisationPath = await probe.locator('a[href^="/financeur/organismes/"]').first().getAttribute("href");
    await probe.close();
    const alice = await openAs("alice@financeur-a.demo", organisationPath!, "#funder-notes");
    const bruno = await openAs("bruno@financeur-a.demo", organisationPath!, "#funder-notes");
    const aliceNotes = alice.getByTestId("funder-notes");
    const brunoNotes = bruno.getByTestId("funder-notes");
    await aliceNotes.click();
    await alice.keyboard.type("Alerte sur les tarifs.");
    await expect.poll(() => brunoNotes.innerText()).toContain("Alerte sur les tarifs.");
    await brunoNotes.click();
    await bruno.keyboard.type(" Vu.");
    await expect.poll(() => aliceNotes.innerText()).toContain("Vu.");
    await expect
      .poll(() => alice.locator(".collaboration-carets__label").allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringMatching(/Bruno/)]));
    await expect.poll(() => alice.getByTestId("funder-notes-saved").getAttribute("data-saved")).toBe("true");

    const of = await loginHttp(server.url, "contact@of-rhone.demo");
    const response = await of.get(organisationPath!);
    expect(response.status).toBe(403);
  });
});
