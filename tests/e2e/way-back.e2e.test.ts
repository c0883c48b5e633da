import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { logInAs, useDemoPortal } from "./demo-portal";
import { login } from "../integration/live/helpers";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

const SCREENSHOTS = "docs/screenshots/way-back";
const REASON = "Aucune procédure d'accueil des personnes en situation de handicap n'est décrite.";
const NEW_ANSWER = " Notre référente handicap accueille chaque stagiaire avant l'entrée en formation.";

/** Waits until React has hydrated the page (a click before that would be a plain form post or nothing). */
async function hydrated(page: Page, selector: string) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el && Object.keys(el).some((key) => key.startsWith("__reactProps"));
  }, selector);
}

/**
 * The OF's life after a refusal, in Chromium (issue 14.2 and 14.7, decision record 037):
 * - the way back: Rhône Formation Pro's dossier is closed non conforme on 1.4; its OF answers the reason
 *   with a corrective action, reopens the dossier, finds its answers carried over, changes 1.4 and
 *   resubmits; the examiner then sees, beside the new answer, what the previous round decided and why;
 * - the Qualiopi start: the coordination opens Qualiopi, the datadocké Nord Avenir Formation starts its
 *   Qualiopi dossier prefilled through the indicator mapping.
 * Screenshots go to docs/screenshots/way-back/.
 */
describe("the way back and the Qualiopi start in Chromium", () => {
  const portal = useDemoPortal();

  it(
    "non conforme, reason answered, reopened with the answers carried over, resubmitted; the examiner sees the previous round",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser, dossierId } = portal();
      mkdirSync(SCREENSHOTS, { recursive: true });
      // The examiner closes the round non conforme on 1.4 (through the room's forms, as the page posts them).
      const alice = await login(server.url, "alice@financeur-a.demo");
      const room = `/financeur/examens/${dossierId}`;
      const html = await (await alice.get(`${room}?indicateur=1.4`)).text();
      const indicatorId = /name="indicatorId" value="([0-9a-f-]{36})"/.exec(html)?.[1] ?? "";
      const decide = { intent: "decide", indicatorId, decision: "non_conforme", reason: REASON, expectedVersion: "" };
      expect((await alice.postForm(room, decide)).status).toBe(302);
      const version = /name="dossierVersion" value="(\d+)"/.exec(await (await alice.get(room)).text())?.[1] ?? "";
      const close = { intent: "close", outcome: "close_non_conforme", message: "Dossier non conforme.", dossierVersion: version };
      expect((await alice.postForm(room, close)).status).toBe(302);

      // The OF: the synthesis says which reason is unanswered and leads to it.
      const of = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await logInAs(of, "contact@of-rhone.demo", "/organisme");
      await of.goto("/organisme/dossier/synthese");
      expect(await of.locator("#reopen").textContent()).toContain("indicateurs sans réponse : 1.4");
      expect(await of.locator("#reopen-dossier").count()).toBe(0);
      await of.locator("#reopen-unanswered").getByRole("link", { name: "Indicateur 1.4" }).click();
      await of.waitForURL("**/organisme/dossier/indicateur/1.4*");
      expect(await of.locator("#review-reason").textContent()).toContain(REASON);
      // The reason answered with a corrective action (possible while non conforme: the way back asks for it).
      await hydrated(of, "#corrective-what");
      await of.locator("#corrective-what").fill("Rédiger la procédure d'accueil et nommer une référente handicap");
      await of.locator("#corrective-who").fill("Direction");
      await of.locator("#corrective-due").fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
      await of.getByRole("button", { name: "Ajouter l'action" }).click();
      await expect.poll(() => of.locator("#corrective-actions").textContent()).toContain("nommer une référente handicap");

      // Reopened from the synthesis: à compléter, round 2, the answers carried over.
      await of.goto("/organisme/dossier/synthese");
      await hydrated(of, "#reopen-dossier");
      await of.screenshot({ path: join(SCREENSHOTS, "reopen-desktop.png"), fullPage: true });
      await of.locator("#reopen-dossier").click();
      await of.waitForURL((url) => url.pathname === "/organisme/dossier");
      await expect.poll(() => of.locator("[data-toast]").textContent()).toContain("Votre dossier est rouvert");
      await of.goto("/organisme/dossier/indicateur/1.4");
      await of.locator("#description-editor").waitFor();
      expect(await of.locator("#description-editor").textContent()).toContain("Notre pratique pour l'indicateur 1.4");
      // The new answer to the reason, saved by the autosave, then resubmitted.
      await of.getByLabel("Description de votre pratique").click();
      await of.keyboard.press("ControlOrMeta+End");
      await of.keyboard.type(NEW_ANSWER);
      await of.locator("#save-status[data-state=saved]").waitFor();
      await of.goto("/organisme/dossier/synthese");
      await hydrated(of, "#submit-dossier");
      await of.locator("#submit-dossier").click();
      await of.getByRole("dialog").locator("#attestation-honneur").check();
      await of.getByRole("dialog").locator("#confirm-submit").click();
      await of.waitForURL((url) => url.pathname === "/organisme");
      await expect.poll(() => of.locator("[data-toast]").textContent()).toContain("Indicateurs modifiés depuis le renvoi : 1.4");
      await of.close();

      // The examiner: round 2, the previous decision and its reason beside the new answer.
      const reviewer = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await logInAs(reviewer, "alice@financeur-a.demo", "/financeur");
      await reviewer.goto(`${room}?indicateur=1.4`);
      const previous = reviewer.getByTestId("previous-round");
      expect(await reviewer.getByTestId("dossier-round").textContent()).toBe("Examen n° 2");
      expect(await previous.textContent()).toContain("Avis précédent : Non conforme");
      expect(await previous.getByTestId("previous-round-reason").textContent()).toBe(`Motif donné : ${REASON}`);
      expect(await reviewer.locator(".review__description").textContent()).toContain(NEW_ANSWER.trim());
      await reviewer.screenshot({ path: join(SCREENSHOTS, "room-previous-round-desktop.png") });
      await reviewer.goto(`${room}?indicateur=1.1`);
      expect(await previous.textContent()).toContain("Avis précédent : Validé");
      await reviewer.setViewportSize({ width: 390, height: 844 });
      await reviewer.goto(`${room}?indicateur=1.4`);
      await previous.waitFor();
      expect(await reviewer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await reviewer.screenshot({ path: join(SCREENSHOTS, "room-previous-round-390.png"), fullPage: true });
      await reviewer.close();
    },
  );

  it(
    "the coordination opens Qualiopi; a datadocké OF starts its Qualiopi dossier with the mapped answers carried over",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser } = portal();
      const coordination = await browser.newPage({ baseURL: server.url });
      await logInAs(coordination, "coordination@datadock.demo", "/coordination");
      await coordination.goto("/coordination/referentiels");
      const qualiopi = coordination.getByRole("row").filter({ hasText: "Qualiopi" });
      await hydrated(coordination, "tr:not([data-open]) button[type=submit]");
      await qualiopi.getByRole("button", { name: "Ouvrir aux nouveaux dossiers" }).click();
      await expect.poll(() => qualiopi.getAttribute("data-open")).toBe("true");
      await coordination.close();

      const of = await browser.newPage({ baseURL: server.url, viewport: { width: 390, height: 844 } });
      await logInAs(of, "contact@of-nord.demo", "/organisme");
      expect(await of.locator("#carry-over-title").textContent()).toContain("Qualiopi");
      await of.screenshot({ path: join(SCREENSHOTS, "qualiopi-offer-390.png"), fullPage: true });
      await hydrated(of, "form[action='/organisme/reprise'] button");
      await of.getByRole("button", { name: "Démarrer mon dossier prérempli" }).click();
      await of.waitForURL((url) => url.pathname === "/organisme/dossier");
      await expect.poll(() => of.locator("[data-toast]").textContent()).toMatch(/Dossier démarré : \d+ indicateurs préremplis/);
      // Qualiopi's 6 is fed by Datadock's 1.1 and 1.3: both descriptions, each under its source, and their evidence.
      await of.goto("/organisme/dossier/indicateur/6");
      await of.locator("#description-editor").waitFor();
      const description = await of.locator("#description-editor").textContent();
      expect(description).toContain("Repris de l'indicateur 1.1");
      expect(description).toContain("Repris de l'indicateur 1.3");
      expect(await of.locator("#evidence-list").textContent()).toContain("Page qualité 1.3");
      expect(await of.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await of.screenshot({ path: join(SCREENSHOTS, "qualiopi-carried-over-390.png"), fullPage: true });
      await of.close();
    },
  );
});
