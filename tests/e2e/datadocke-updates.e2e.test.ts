import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logInAs, usePortalInBrowser } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

const SCREENSHOTS = "docs/screenshots/updates";

/**
 * Issue 14.1 as users do it in Chromium (decision record 038): the datadocké demo OF updates two
 * indicators and stays datadocké; its examiner sees both flagged in the queue and the room, with
 * before and after, validates one and sends the other back with a reason.
 */
describe("updates of a datadocké dossier in Chromium", () => {
  const portal = usePortalInBrowser();

  it(
    "the OF updates two indicators, stays datadocké; the examiner validates one and sends the other back",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser } = portal();
      mkdirSync(SCREENSHOTS, { recursive: true });
      const of = await browser.newPage({ baseURL: server.url });
      await logInAs(of, "contact@of-nord.demo", "/organisme");

      // 1.1: a new description, saved by the autosave.
      await of.goto("/organisme/dossier/indicateur/1.1");
      await of.locator("#revision-state").waitFor();
      // The rich editor replaces the plain field once the page is hydrated: type in it, not in the field
      // it hides (clicking during hydration caught the textarea as it was being hidden).
      const editor = of.getByRole("textbox", { name: "Description de votre pratique" });
      await of.locator("#description-editor").waitFor();
      await editor.click();
      await of.keyboard.press("ControlOrMeta+A");
      await of.keyboard.type("Nos objectifs sont revus chaque trimestre.");
      await of.locator("#save-status[data-state=saved]").waitFor();

      // 1.2: a link added.
      await of.goto("/organisme/dossier/indicateur/1.2");
      await of.getByLabel("Adresse de la page").fill("https://www.of-nord.example/public");
      await of.getByRole("button", { name: "Ajouter le lien" }).click();
      await of.locator("#evidence-list").getByText("Nouveau").waitFor();
      expect(await of.locator("#revision-state").textContent()).toContain("Mise à jour en attente d'examen");
      expect(await of.locator("[data-status]").first().getAttribute("data-status")).toBe("datadocke");
      await of.close();

      // The examiner (alice) sees the dossier flagged in the queue and opens it.
      const alice = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await logInAs(alice, "alice@financeur-a.demo", "/financeur");
      await alice.goto("/financeur/examens");
      const row = alice.getByRole("row").filter({ hasText: "Nord Avenir Formation" });
      expect(await row.textContent()).toContain("Mise à jour (2)");
      await row.getByRole("link", { name: "Nord Avenir Formation", exact: true }).click();
      await alice.waitForURL("**/financeur/examens/*");

      // The room opens on the first update: before and after side by side.
      const panel = alice.getByTestId("revision");
      await panel.waitFor();
      expect(await alice.locator("[data-update-pending=true]").count()).toBe(2);
      expect(await panel.getByTestId("revision-after").textContent()).toContain("Nos objectifs sont revus chaque trimestre.");
      expect(await panel.getByTestId("revision-before").textContent()).not.toContain("Nos objectifs sont revus");
      await panel.screenshot({ path: join(SCREENSHOTS, "revision-desktop.png") });
      await panel.getByRole("button", { name: "Valider la mise à jour" }).click();
      await alice.getByText("Mise à jour de l'indicateur 1.1 validée", { exact: true }).waitFor();
      expect(await alice.locator("[data-update-pending=true]").count()).toBe(1);

      // 1.2: the link added; sent back with a reason (required).
      await alice.goto(`${new URL(alice.url()).pathname}?indicateur=1.2`);
      await panel.waitFor();
      expect(await panel.locator("[data-change=added]").textContent()).toContain("https://www.of-nord.example/public");
      const phone = await browser.newPage({ baseURL: server.url, viewport: { width: 390, height: 844 } });
      await phone.context().addCookies(await alice.context().cookies());
      await phone.goto(alice.url());
      await phone.getByTestId("revision").waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.getByTestId("revision").screenshot({ path: join(SCREENSHOTS, "revision-390.png") });
      await phone.close();

      await panel.getByRole("button", { name: "Renvoyer la mise à jour" }).click();
      await alice.getByText("Indiquez le motif du renvoi").first().waitFor();
      await panel.getByLabel("Motif du renvoi (envoyé dans le fil de l'indicateur)").fill("Cette page ne décrit pas le public visé.");
      await panel.getByRole("button", { name: "Renvoyer la mise à jour" }).click();
      await alice.getByText("Mise à jour de l'indicateur 1.2 renvoyée", { exact: true }).waitFor();
      expect(await alice.locator("[data-update-pending=true]").count()).toBe(0);
      expect(await alice.getByTestId("revision").count()).toBe(0);
      await alice.close();
    },
  );
});
