import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_FLOW_TIMEOUT, type LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import type { RunningServer } from "../setup/server-process";
import { login as loginHttp, queueDossiers } from "../integration/live/helpers";

/**
 * The review room (issue 13) in two browser contexts: the first answer without scrolling, a live
 * decision that never defeats the other reviewer's draft, presence per indicator and "Suivre",
 * committee mode (the chair moves, the member follows). Screenshots go to docs/screenshots/review-room/.
 */
const SCREENSHOTS = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."), "docs", "screenshots", "review-room");

describe("review room in Chromium", () => {
  const portal = useDemoPortal();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;
  beforeAll(() => void ({ server, browser, dossierId } = portal()));

  async function openAs(email: string, code: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await browser.newPage({ baseURL: server.url, viewport });
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("datadock-demo");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/financeur");
    await goTo(page, code);
    return page;
  }
  async function goTo(page: Page, code: string) {
    await page.goto(`/financeur/examens/${dossierId}?indicateur=${code}`);
    await hydrated(page);
  }
  async function hydrated(page: Page) {
    await page.waitForFunction(() => {
      const room = document.querySelector("[data-testid=review-room]");
      return !!room && Object.keys(room).some((key) => key.startsWith("__reactProps"));
    });
    await expect.poll(() => page.getByTestId("socket-state").getAttribute("data-state")).toBe("online");
  }
  const article = (page: Page, code: string) => page.locator(`article#indicateur-${code.replace(".", "\\.")}`);

  it(
    "shows the first answer without scrolling at 1280×800, stacks on a phone; screenshots",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const desktop = await openAs("alice@financeur-a.demo", "1.4");
      const box = await article(desktop, "1.4").locator(".review__description").boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(800);
      // The OF's rich text as formatted text, never markup.
      expect(await article(desktop, "1.4").locator(".review__description p").count()).toBeGreaterThan(0);
      await desktop.screenshot({ path: join(SCREENSHOTS, "room-desktop.png") });
      const phone = await openAs("bruno@financeur-a.demo", "1.4", { width: 390, height: 844 });
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await phone.locator("#rail-select").isVisible()).toBe(true);
      await phone.screenshot({ path: join(SCREENSHOTS, "room-mobile.png"), fullPage: true });
      await phone.close();

      // A circuit-court dossier (Alsace, taken by alice): refusing its certificate with a reason of blanks is
      // answered in French under the reason, in the dialog opened again.
      const alsace = [...(await queueDossiers(await loginHttp(server.url, "alice@financeur-a.demo")))].find(([name]) =>
        name.startsWith("Alsace"),
      )?.[1];
      expect(alsace).toBeTruthy();
      await desktop.goto(`/financeur/examens/${alsace}`);
      await hydrated(desktop);
      await desktop.getByRole("button", { name: "Prendre ce dossier" }).click();
      const refuse = desktop.getByTestId("circuit-court").getByRole("button", { name: "Refuser le certificat" });
      await refuse.click();
      const dialog = desktop.getByRole("alertdialog");
      await dialog.getByLabel("Motif du refus").fill("   ");
      await dialog.getByRole("button", { name: "Refuser le certificat" }).click();
      await expect.poll(() => desktop.getByRole("alertdialog").locator(".field__error").textContent()).toBe("Indiquez le motif du refus.");
      await desktop.screenshot({ path: join(SCREENSHOTS, "certificate-refusal-error.png") });
      expect(await desktop.getByTestId("certificate-review").textContent()).toContain("Certificat à vérifier");
      await desktop.close();
    },
  );

  it(
    "a colleague's decision leaves my draft and its version alone, and asks before replacing",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const alice = await openAs("alice@financeur-a.demo", "2.2");
      const bruno = await openAs("bruno@financeur-a.demo", "2.2");
      // Bruno drafts « non conforme » with a reason.
      await article(bruno, "2.2").locator("input[data-decision=non_conforme]").check();
      await article(bruno, "2.2").locator("textarea[name=reason]").fill("Aucune preuve du positionnement.");
      // The reason being written is shared by the deciders: Alice sees Bruno's text live (Y.Text reason:2.2).
      await expect.poll(() => article(alice, "2.2").locator("textarea[name=reason]").inputValue()).toBe("Aucune preuve du positionnement.");
      // Alice validates.
      await article(alice, "2.2").locator("input[data-decision=valide]").check();
      await article(alice, "2.2").getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => article(alice, "2.2").getByTestId("current-decision").textContent()).toBe("Validé");

      // Bruno is told, his draft stays, the rail shows the new state.
      const notice = article(bruno, "2.2").getByTestId("decision-conflict");
      await expect.poll(() => notice.innerText()).toMatch(/^Alice Martin a décidé « Validé » à \d{2}:\d{2} — votre brouillon diffère\.$/);
      expect(await article(bruno, "2.2").locator("input[data-decision=non_conforme]").isChecked()).toBe(true);
      expect(await article(bruno, "2.2").locator("textarea[name=reason]").inputValue()).toBe("Aucune preuve du positionnement.");
      expect(await bruno.locator('[data-rail-code="2.2"]').getAttribute("data-state")).toBe("valide");
      // His save is not silently accepted: the button waits for his choice.
      expect(await article(bruno, "2.2").getByRole("button", { name: "Enregistrer la décision" }).isDisabled()).toBe(true);

      // Meanwhile Alice decides 2.3, where Bruno has no draft: highlighted in his rail.
      await goTo(alice, "2.3");
      await article(alice, "2.3").locator("input[data-decision=valide]").check();
      await article(alice, "2.3").getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => bruno.locator('[data-rail-code="2.3"]').getAttribute("data-highlighted")).toBe("true");

      // He replaces it explicitly: sent with the new version, accepted.
      await article(bruno, "2.2").getByRole("button", { name: "Remplacer par ma décision" }).click();
      await expect.poll(() => article(bruno, "2.2").getByTestId("current-decision").textContent()).toBe("Non conforme");
      await expect.poll(() => bruno.getByText("Décision enregistrée : 2.2 — Non conforme.").count()).toBe(1);

      // With no draft, the controls follow the live decision (the radio shows it, not only the badge).
      await goTo(alice, "2.2");
      await goTo(bruno, "2.4");
      await goTo(alice, "2.4");
      await article(alice, "2.4").locator("input[data-decision=valide]").check();
      await article(alice, "2.4").getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => article(bruno, "2.4").getByTestId("current-decision").textContent()).toBe("Validé");
      await expect.poll(() => article(bruno, "2.4").locator("input[data-decision=valide]").isChecked()).toBe(true);
      expect(await article(bruno, "2.4").getByTestId("decision-conflict").count()).toBe(0);
      await alice.close();
      await bruno.close();
    },
  );

  it("presence states the indicator and activity; « Suivre » goes there", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    const alice = await openAs("alice@financeur-a.demo", "3.1");
    const bruno = await openAs("bruno@financeur-a.demo", "1.2");
    // Alice sees Bruno's avatar on 1.2 in the rail, and that he reads it.
    await expect.poll(() => alice.locator('[data-rail-code="1.2"] [data-testid=rail-avatars]').count()).toBe(1);
    const brunoRow = alice.getByTestId("presence").locator("li", { hasText: "Bruno" });
    await expect.poll(() => brunoRow.innerText()).toContain("lit 1.2");
    // He writes notes: the activity follows the focus.
    await bruno.getByTestId("review-notes").click();
    await expect.poll(() => brunoRow.innerText()).toContain("écrit des notes sur 1.2");
    // Alice follows him, and follows him when he moves.
    await brunoRow.getByRole("button", { name: /^Suivre Bruno/ }).click();
    await alice.waitForURL((url) => url.searchParams.get("indicateur") === "1.2");
    // He moves through the rail (a client-side move: a reload would leave the dossier and end the following).
    await bruno.locator('[data-rail-code="2.1"] a').click();
    await alice.waitForURL((url) => url.searchParams.get("indicateur") === "2.1");
    await alice.close();
    await bruno.close();
  });

  it(
    "committee: the chair moves, the member follows, steps away and comes back; the chair saves with the marks; then a described passage becomes the reason, the OF answers, the dossier is sent back",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const alice = await openAs("alice@financeur-a.demo", "3.2");
      await alice.getByRole("button", { name: "Ouvrir en comité" }).click();
      await expect.poll(() => alice.getByText("Séance de comité ouverte.").count()).toBe(1);
      await alice.getByTestId("committee-bar").waitFor();
      const bruno = await openAs("bruno@financeur-a.demo", "1.1");
      await expect.poll(() => bruno.getByTestId("committee-bar").getAttribute("data-following")).toBe("true");

      // The chair moves: the member follows.
      await goTo(alice, "3.3");
      await bruno.waitForURL((url) => url.searchParams.get("indicateur") === "3.3");
      // He steps away: the chair's next move leaves him; he comes back to where the chair is.
      await bruno.getByRole("button", { name: "Ne plus suivre" }).click();
      await goTo(alice, "4.1");
      await expect.poll(() => bruno.getByTestId("chair-at").innerText()).toBe("La séance est sur l'indicateur 4.1.");
      expect(new URL(bruno.url()).searchParams.get("indicateur")).toBe("3.3");
      await bruno.getByRole("button", { name: "Revenir" }).click();
      await bruno.waitForURL((url) => url.searchParams.get("indicateur") === "4.1");

      // The chair proposes « validé »: Bruno sees the proposal live and agrees; the chair sees his mark and saves with it.
      await hydrated(bruno);
      await article(alice, "4.1").locator("input[data-decision=valide]").check();
      await expect.poll(() => bruno.getByTestId("committee-proposal").getAttribute("data-decision")).toBe("valide");
      await bruno.getByRole("button", { name: "D'accord", exact: true }).click();
      await expect.poll(() => bruno.getByTestId("committee-member-marks").innerText()).toBe("Bruno Lefèvre : d'accord");
      await expect.poll(() => article(alice, "4.1").getByTestId("committee-marks").innerText()).toContain("Bruno Lefèvre : d'accord");
      await article(alice, "4.1").getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => article(alice, "4.1").getByTestId("current-decision").textContent()).toBe("Validé");

      // The walkthrough, on: the chair moves to 1.4 (formatted description); she marks a passage of it and
      // comments; Bruno sees the highlight live, with her name. (Marks on a PDF page: evidence-viewer.e2e.)
      await goTo(alice, "1.4");
      await bruno.waitForURL((url) => url.searchParams.get("indicateur") === "1.4");
      await hydrated(bruno);
      const description = article(alice, "1.4").locator(".review__description");
      await expect.poll(() => article(alice, "1.4").getByTestId("description-annotations").getAttribute("data-synced")).toBe("true");
      await description.locator("p").first().selectText();
      await description.dispatchEvent("mouseup");
      const draft = alice.getByTestId("description-draft-form");
      await draft.getByLabel("Nouvelle annotation sur le passage").fill("Préciser le public visé et les prérequis.");
      await draft.getByRole("button", { name: "Enregistrer l'annotation" }).click();
      const highlight = article(bruno, "1.4").getByTestId("text-highlight");
      await expect.poll(() => highlight.getAttribute("data-author")).toBe("Alice Martin");
      await expect
        .poll(() => article(bruno, "1.4").getByTestId("description-annotation-list").innerText())
        .toContain("Préciser le public visé");
      await bruno.screenshot({ path: join(SCREENSHOTS, "room-description-annotation.png") });

      // The mark becomes the reason in one step; the chair saves « à compléter ».
      await article(alice, "1.4")
        .getByTestId("description-annotation-list")
        .getByRole("button", { name: "Demander un complément" })
        .click();
      const reason = article(alice, "1.4").locator("textarea[name=reason]");
      await expect.poll(() => reason.inputValue()).toMatch(/^Description, passage « .+ » : Préciser le public visé et les prérequis\.$/s);
      expect(await article(alice, "1.4").locator("input[data-decision=a_completer]").isChecked()).toBe(true);
      const saved = await reason.inputValue();
      await article(alice, "1.4").getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => article(alice, "1.4").getByTestId("current-decision").textContent()).toBe("À compléter");

      // The OF reads it as the first message of the indicator's thread and answers there; the reviewers see it without reload.
      const of = await browser.newPage({ baseURL: server.url });
      await of.goto("/login");
      await of.getByLabel("Adresse e-mail").fill("contact@of-rhone.demo");
      await of.getByLabel("Mot de passe").fill("datadock-demo");
      await of.getByRole("button", { name: "Se connecter" }).click();
      await of.waitForURL((url) => !url.pathname.startsWith("/login"));
      await of.goto("/organisme/dossier/indicateur/1.4");
      await expect.poll(() => of.locator("#review-reason").innerText()).toContain("Préciser le public visé");
      await expect.poll(() => of.getByText(saved.slice(0, 40)).count()).toBeGreaterThan(0);
      const answer = `Public visé et prérequis ajoutés au programme (${Date.now()}).`;
      await of.locator('textarea[name="body"]').fill(answer);
      await of.locator('form:has(textarea[name="body"]) button[type="submit"]').click();
      await expect.poll(() => bruno.locator('details[data-thread-code="1.4"]').innerText()).toContain(answer);
      await of.close();

      // The chair sends the dossier back: a visible confirmation, and the room says what comes next for the OF.
      await alice.getByRole("button", { name: "Renvoyer à l'organisme (à compléter)" }).click();
      await expect.poll(() => alice.getByText("Dossier renvoyé à l'organisme.").count()).toBeGreaterThan(0);
      await expect.poll(() => alice.getByTestId("room-closed").innerText()).toContain("Le dossier est renvoyé à l'organisme.");
      await alice.screenshot({ path: join(SCREENSHOTS, "room-closed.png") });
      await alice.close();
      await bruno.close();
    },
  );
});
