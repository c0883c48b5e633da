import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { logInAs, useDemoPortal } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

/**
 * Expert opinions (issue 15.7) as people do it in Chromium: alice, examiner of Rhône Formation Pro's
 * dossier, asks an outside expert for an opinion on the indicator she has open; the expert opens the
 * mailed invitation from the demo mailbox, creates their access, reads the OF's answer and answers;
 * alice reads the answer in the review room without reloading (live). Screenshots of the expert's page
 * (phone) and the room's panel go to docs/screenshots/expert-opinion/.
 */
const SCREENSHOTS = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."), "docs", "screenshots", "expert-opinion");

describe("expert opinion in Chromium", () => {
  const portal = useDemoPortal();

  it("an examiner asks, the invited expert answers, the examiner reads the answer", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { server, browser, dossierId } = portal();
    const alice = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await logInAs(alice, "alice@financeur-a.demo", "/financeur");
    await alice.goto(`/financeur/examens/${dossierId}?indicateur=1.4`);
    const panel = alice.getByTestId("expert-panel");
    await panel.getByLabel("Adresse e-mail de l'expert extérieur").fill("claire.expert@cabinet-qualite.test");
    await panel.getByLabel("Nom de l'expert extérieur").fill("Claire Experte");
    // The indicator open in the room is already chosen.
    expect(await panel.getByRole("checkbox", { name: /^1\.4 / }).isChecked()).toBe(true);
    await panel.getByLabel("Votre question").fill("La réponse à l'indicateur 1.4 vous paraît-elle suffisante ?");
    await panel.getByRole("button", { name: "Envoyer la demande" }).click();
    await alice.getByText("l'expert a reçu par e-mail le lien").first().waitFor();
    await panel.getByTestId("expert-request").filter({ hasText: "Claire Experte" }).waitFor();

    // The expert, in their own browser: the demo mailbox, the link, their access.
    const expert = await browser.newPage({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    await expert.goto("/dev/mail");
    await expert
      .locator("article.mail")
      .filter({ hasText: "claire.expert@cabinet-qualite.test" })
      .first()
      .locator('a[href*="/avis/invitation/"]')
      .click();
    await expert.getByRole("heading", { name: "Invitation à donner un avis" }).waitFor();
    expect(await expert.getByLabel("Prénom et nom").inputValue()).toBe("Claire Experte");
    await expert.getByLabel("Mot de passe", { exact: true }).fill("un-mot-de-passe-solide");
    await expert.getByLabel("Confirmation du mot de passe").fill("un-mot-de-passe-solide");
    await expert.getByRole("button", { name: "Créer mon accès" }).click();
    await expert.waitForURL("**/avis");
    await expert.getByRole("link", { name: "Avis sur le dossier de Rhône Formation Pro" }).click();
    await expert.getByTestId("expert-page").waitFor();
    await expert.getByRole("heading", { name: "Indicateur 1.4" }).waitFor();
    expect(await expert.getByTestId("expert-question").textContent()).toContain("indicateur 1.4");
    expect(await expert.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expert.screenshot({ path: join(SCREENSHOTS, "expert-page-mobile.png"), fullPage: true });

    // Alice's room is open on the dossier while the expert answers: the answer arrives live.
    await expect.poll(() => alice.getByTestId("socket-state").getAttribute("data-state")).toBe("online");
    await expert.getByLabel("Votre avis").fill("Suffisante : la procédure est décrite et datée.");
    await expert.getByRole("button", { name: "Envoyer mon avis" }).click();
    await expert.getByTestId("expert-thread").getByText("Suffisante : la procédure est décrite et datée.").waitFor();
    const request = panel.getByTestId("expert-request").filter({ hasText: "Claire Experte" });
    await request.getByText("Suffisante : la procédure est décrite et datée.").waitFor();
    expect(await request.textContent()).toContain("Avis rendu");
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(SCREENSHOTS, "room-panel-desktop.png") });
    await expert.close();
    await alice.close();
  });
});
