import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { logInAs, usePortalInBrowser } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

/** expect.poll with room for a loaded machine (two servers and browsers at once). */
const SCREENSHOTS = "docs/screenshots/delays";
const OF_NAME = "Rhône Formation Pro";
const SENT_BACK = "2.1";
const REASON = "La description ne précise pas comment les objectifs sont adaptés au public. Merci de la compléter.";

const statusBadge = (page: Page) => page.getByTestId("dossier-status");
const review = (page: Page, code: string) => page.locator(`article#indicateur-${code.replace(".", "\\.")}`);
/** The decision shown beside the open indicator: "Validé", "À compléter", "Non conforme" or "Non décidé". */
const decision = async (article: Locator) => {
  const shown = article.getByTestId("current-decision");
  return (await shown.count()) > 0 ? shown.textContent() : article.locator(".review__decision > p").first().textContent();
};

/** Waits for the examination page to be hydrated: the keyboard shortcuts need React. */
async function openExamination(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => {
    const form = document.querySelector("[data-review-form]");
    return !!form && Object.keys(form).some((key) => key.startsWith("__reactProps"));
  });
}

describe("funder examination in Chromium", () => {
  const portal = usePortalInBrowser();

  it(
    "sends an indicator back, reads the OF's answer, validates everything, declares datadocké, adds to the catalogue",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser } = portal();
      // Rhône Formation Pro: en examen by Alice, 1.1 to 1.3 already validated, the rest undecided.
      const alice = await browser.newPage({ baseURL: server.url });
      await logInAs(alice, "alice@financeur-a.demo", "/financeur");
      await alice.goto("/financeur/examens");
      await alice.getByRole("link", { name: OF_NAME, exact: true }).click();
      await alice.waitForURL("**/financeur/examens/*");
      const examinationUrl = new URL(alice.url()).pathname;
      await openExamination(alice, examinationUrl);
      expect(await statusBadge(alice).textContent()).toBe("En examen");
      const siret = /SIRET (\d{14})/.exec((await alice.getByTestId("room-header").textContent()) ?? "")?.[1];
      expect(siret).toBeTruthy();

      // The datadocké button is blocked while indicators are undecided.
      const declare = alice.getByRole("button", { name: "Déclarer l'organisme datadocké" });
      expect(await declare.isDisabled()).toBe(true);

      // One indicator at a time: the room opens on ${SENT_BACK} from its address.
      await openExamination(alice, `${examinationUrl}?indicateur=${SENT_BACK}`);
      // Keyboard: "c" picks « à compléter » and puts the focus in the reason; a reason is required.
      const sentBack = review(alice, SENT_BACK);
      const reason = sentBack.locator("textarea[name=reason]");
      await sentBack.locator("h2").click();
      await expect
        .poll(async () => {
          // The shortcuts listen once React has hydrated the page: press again until "c" lands.
          if (await reason.evaluate((el) => el === document.activeElement)) return true;
          await sentBack.focus();
          await alice.keyboard.press("c");
          return reason.evaluate((el) => el === document.activeElement);
        })
        .toBe(true);
      expect(await sentBack.locator("input[data-decision=a_completer]").isChecked()).toBe(true);
      await sentBack.getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => sentBack.getByRole("alert").textContent()).toContain("Un motif est obligatoire");
      await reason.fill(REASON);
      await sentBack.getByRole("button", { name: "Enregistrer la décision" }).click();
      await expect.poll(() => decision(sentBack)).toBe("À compléter");
      // Confirmed by a toast; the reason opened the indicator's thread.
      await expect.poll(() => alice.getByText(`Décision enregistrée : ${SENT_BACK} — À compléter.`).count()).toBe(1);

      await alice.locator("#message").fill("Un indicateur reste à compléter ; le reste du dossier sera examiné à votre retour.");
      await alice.getByRole("button", { name: "Renvoyer à l'organisme (à compléter)" }).click();
      await expect.poll(() => statusBadge(alice).textContent()).toBe("À compléter");
      // The room says what happened and what comes next for the OF.
      await expect.poll(() => alice.getByText("Dossier renvoyé à l'organisme.").count()).toBe(1);
      expect(await alice.getByTestId("room-closed").innerText()).toContain("soumet à nouveau");

      // The OF reads the reason, answers in the thread, completes its description and resubmits.
      const of = await browser.newPage({ baseURL: server.url });
      await logInAs(of, "contact@of-rhone.demo", "/organisme");
      await of.goto(`/organisme/dossier/indicateur/${SENT_BACK}`);
      await of.locator("#description-editor").waitFor();
      expect(await of.locator("#review-reason").textContent()).toContain(REASON);
      await of.locator("#message-body").fill("Nous avons précisé l'adaptation des objectifs à chaque public dans notre description.");
      await of.getByRole("button", { name: "Envoyer la réponse" }).click();
      await expect.poll(() => of.locator("#thread-messages li").count()).toBe(1);
      await of.getByLabel("Description de votre pratique").click();
      await of.keyboard.press("ControlOrMeta+End");
      await of.keyboard.type(" Les objectifs sont adaptés à chaque public lors de l'entretien préalable.");
      await of.locator("#save-status[data-state=saved]").waitFor();
      await of.goto("/organisme/dossier/synthese");
      await of.locator("#submit-dossier").click();
      await of.locator("#attestation-honneur").check();
      await of.locator("#confirm-submit").click();
      await expect.poll(() => of.locator("[data-toast]").textContent()).toContain(`Indicateurs modifiés depuis le renvoi : ${SENT_BACK}`);

      // Alice sees the resubmitted dossier in her queue, takes it and reads the OF's answer.
      await alice.goto("/financeur/examens");
      const row = alice.locator("tr", { hasText: OF_NAME });
      expect(await row.textContent()).toContain("Resoumis");
      await row.getByRole("button", { name: "Prendre" }).click();
      await alice.waitForURL(`**${examinationUrl}`);
      await openExamination(alice, examinationUrl);
      expect(await statusBadge(alice).textContent()).toBe("En examen");
      const answered = review(alice, SENT_BACK);
      // Only the changed indicator went back to examination: its « à compléter » is gone, the validations stay.
      expect(await alice.locator('[data-rail-code="1.1"]').getAttribute("data-state")).toBe("valide");
      expect(await alice.locator(`[data-rail-code="${SENT_BACK}"]`).getAttribute("data-state")).not.toBe("a_completer");
      await openExamination(alice, `${examinationUrl}?indicateur=${SENT_BACK}`);
      expect(await answered.locator(".review__description").textContent()).toContain("entretien préalable");
      // The OF's rich text is rendered as formatted text, never shown as markup.
      expect(await answered.locator(".review__description p").count()).toBeGreaterThan(0);
      expect(await answered.locator(".review__description").textContent()).not.toContain("<p>");
      expect(await decision(answered)).toBe("Non décidé");

      // Validate everything still undecided with the keyboard, one indicator at a time: "v".
      const codes = await alice
        .locator("[data-rail-code]")
        .evaluateAll((items) => items.map((li) => li.getAttribute("data-rail-code") ?? ""));
      expect(codes.length).toBe(21);
      for (const code of codes) {
        if ((await alice.locator(`[data-rail-code="${code}"]`).getAttribute("data-state")) === "valide") continue;
        await openExamination(alice, `${examinationUrl}?indicateur=${code}`);
        const article = review(alice, code);
        await article.focus();
        await alice.keyboard.press("v");
        await expect.poll(() => decision(article)).toBe("Validé");
      }
      expect(await declare.isDisabled()).toBe(false);
      await alice.locator("#message").fill("Félicitations, votre organisme est datadocké.");
      await declare.click();
      await expect.poll(() => statusBadge(alice).textContent()).toBe("Datadocké");
      await expect.poll(() => alice.getByText("Organisme déclaré datadocké.").count()).toBe(1);
      expect(await alice.getByTestId("room-closed").innerText()).toContain("attestation");

      // The funder's administrator adds the datadocké OF to Financeur A's catalogue.
      const admin = await browser.newPage({ baseURL: server.url });
      await logInAs(admin, "admin@financeur-a.demo", "/financeur");
      await admin.goto("/financeur/catalogue");
      // The OF is found by the directory's search, typed without its accents, and chosen in the list.
      await admin.locator("#siret").fill("rhone formation");
      await admin.getByRole("option", { name: new RegExp(siret!) }).click();
      await admin.locator("#add-reason").fill("Organisme datadocké, formations en Auvergne-Rhône-Alpes.");
      await admin.getByRole("button", { name: "Ajouter au catalogue" }).click();
      // Added: the page reloads with an empty form and a toast naming the organisation.
      await expect.poll(() => admin.locator("[data-toast]").textContent()).toContain(`${OF_NAME} a été ajouté au catalogue.`);
      expect(await admin.locator("#siret").inputValue()).toBe("");
      const listed = admin.locator("table").first().locator("tr", { hasText: OF_NAME });
      expect(await listed.textContent()).toContain(siret!);
      expect(await listed.textContent()).toContain("Datadocké");
    },
  );

  it(
    "shows late and due-soon dossiers in the queue, on a desktop and a phone (decision record 045)",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser } = portal();
      const alice = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await logInAs(alice, "alice@financeur-a.demo", "/financeur");
      await alice.goto("/financeur/examens");
      // The demo's Atlantique Compétences waits too long to be taken: one quick link filters the queue on it.
      await alice.getByRole("link", { name: "1 dossier en retard" }).click();
      await alice.waitForURL(/delai=retard/);
      const rows = alice.locator("table tbody tr");
      await expect.poll(() => rows.count()).toBe(1);
      // textContent: the badges are drawn in capitals (innerText would give "EN RETARD").
      const late = (await rows.first().textContent()) ?? "";
      expect(late).toContain("Atlantique Compétences");
      expect(late).toContain("En retard");
      expect(late).toContain("Prise en charge");
      await alice.screenshot({ path: `${SCREENSHOTS}/queue-late-desktop.png`, fullPage: true });
      await alice.goto("/financeur/examens?delai=proche");
      await expect.poll(() => rows.first().textContent()).toContain("Alsace Qualité Formation");
      expect(await rows.first().textContent()).toContain("Échéance proche");
      await alice.setViewportSize({ width: 390, height: 844 });
      await alice.goto("/financeur/examens?tri=due");
      expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await alice.screenshot({ path: `${SCREENSHOTS}/queue-due-390.png`, fullPage: true });
    },
  );
});
