import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { logInAs, usePortalInBrowser } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

/** expect.poll with room for a loaded machine (two servers and browsers at once). */

/**
 * A real, well-formed PDF (catalog, page, font, content stream, xref table). `lines` fills the
 * page's content stream so the upload is big enough for the browser to report progress.
 */
function makePdf(title: string, lines = 1): Buffer {
  const text = Array.from({ length: lines }, (_, i) => `BT /F1 10 Tf 40 ${800 - (i % 70) * 11} Td (${title} - ligne ${i + 1}) Tj ET`).join(
    "\n",
  );
  const objects = [
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    `<</Length ${Buffer.byteLength(text, "latin1")}>>\nstream\n${text}\nendstream`,
    "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** Waits until React has hydrated `selector` (before that, a checked box or radio may be reset by hydration). */
async function hydrated(page: Page, selector: string) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el && Object.keys(el).some((key) => key.startsWith("__reactProps"));
  }, selector);
}

/** Opens an indicator and waits for hydration (the rich editor mounts only on the client). */
async function openIndicator(page: Page, code: string) {
  await page.goto(`/organisme/dossier/indicateur/${code}`);
  await page.locator("#description-editor").waitFor();
}

/**
 * Records every state of the upload progress bar `#<prefix>-progress` (inserted, value changes,
 * removed), so a fast local upload can still be checked after the fact.
 */
async function watchProgress(page: Page, prefix: string) {
  await page.evaluate((id) => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    const note = () => {
      const bar = document.getElementById(id);
      const entry = bar ? `${bar.getAttribute("data-state")} ${bar.getAttribute("value")}/${bar.getAttribute("max")}` : "none";
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["value", "data-state"],
    });
  }, `${prefix}-progress`);
  return () => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
}

/** Uploads a PDF through an upload form (XHR with progress) and checks the bar ran to completion. */
async function uploadWithProgress(page: Page, prefix: string, file: { name: string; buffer: Buffer }) {
  const form = page.locator(`[data-testid=${prefix}-form]`);
  const progress = await watchProgress(page, prefix);
  await form.locator(`#${prefix}-file`).setInputFiles({ name: file.name, mimeType: "application/pdf", buffer: file.buffer });
  const response = page.waitForResponse((r) => r.url().endsWith("/organisme/dossier/televersement") && r.request().method() === "POST");
  await form.getByRole("button", { name: "Téléverser" }).click();
  expect((await response).status()).toBe(200);
  // The success message, unless the form already left the page (a replaced evidence's form goes
  // with its list item when the live update reloads the list first).
  await expect
    .poll(
      async () =>
        (await form.count()) === 0 ||
        (await page.locator("[data-toast]").allTextContents()).some((text) => text.includes("Fichier ajouté.")),
    )
    .toBe(true);
  // The bar appeared at 0 % as the upload started, and ended full once the server stored the file
  // (a replaced evidence's form then leaves the page with its list item).
  await expect.poll(async () => (await progress()).includes("done 100/100")).toBe(true);
  // "none" entries are mutations elsewhere on the page before the bar exists or after it left.
  const states = (await progress()).filter((s) => s !== "none");
  expect(states[0]).toBe("uploading 0/100");
  const percents = states.map((s) => Number(/ (\d+)\//.exec(s)?.[1]));
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
}

/** Submits from the synthesis: the confirmation dialog, the attestation sur l'honneur ticked, confirmed. */
async function submitWithAttestation(page: Page) {
  await page.locator("#submit-dossier").click();
  const dialog = page.getByRole("dialog");
  // Unticked, the browser refuses the form: nothing is sent.
  await dialog.locator("#attestation-honneur").check();
  await dialog.locator("#confirm-submit").click();
  await page.waitForURL((url) => url.pathname === "/organisme");
}

/** Checks "non concerné" with its reason and waits until the indicator counts as complete. */
async function markNotApplicable(page: Page, reason: string) {
  const form = page.locator("form", { has: page.locator("#notApplicable") });
  await page.locator("#notApplicable").check();
  await page.locator("#notApplicableReason").fill(reason);
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect.poll(() => page.locator("#indicator-completeness").textContent()).toBe("Cet indicateur est complet.");
}

describe("OF dossier in Chromium", () => {
  const portal = usePortalInBrowser();

  it("fills an upload, a link and a « non concerné », runs the self-diagnosis and submits", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    const { server, browser } = portal();
    // Organisme Exemple Formation: brouillon, 1.1 complete, 1.2 and 1.3 described without evidence.
    const page = await browser.newPage({ baseURL: server.url });
    await logInAs(page, "contact@of-exemple.demo", "/organisme");

    // 1.2: a PDF upload with its progress bar.
    await openIndicator(page, "1.2");
    expect(await page.locator("#indicator-completeness").textContent()).toContain("au moins un justificatif");
    await uploadWithProgress(page, "upload", { name: "programme-formation.pdf", buffer: makePdf("Programme de formation", 6000) });
    await expect.poll(() => page.locator("#evidence-list li[data-evidence-kind=file]").textContent()).toContain("programme-formation.pdf");
    await expect.poll(() => page.locator("#indicator-completeness").textContent()).toBe("Cet indicateur est complet.");

    // 1.3: the description is completed in the rich editor (autosave), then a link to the OF's site.
    await openIndicator(page, "1.3");
    const editor = page.getByLabel("Description de votre pratique");
    await editor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(" Les résultats sont publiés sur notre site.");
    await page.locator("#save-status[data-state=saved]").waitFor();
    await page.locator("#url").fill("https://www.of-exemple.example/resultats");
    await page.locator("#link-label").fill("Nos résultats");
    await page.getByRole("button", { name: "Ajouter le lien" }).click();
    await expect.poll(() => page.locator("#evidence-list li[data-evidence-kind=link] a").textContent()).toBe("Nos résultats");
    expect(await page.locator("#url").inputValue()).toBe("");
    await expect.poll(() => page.locator("#indicator-completeness").textContent()).toBe("Cet indicateur est complet.");
    await page.reload();
    expect(await page.locator("#description-editor").textContent()).toContain("Les résultats sont publiés sur notre site.");

    // 1.4: « non concerné »; a missing reason is refused in French first.
    await openIndicator(page, "1.4");
    await page.locator("#notApplicable").check();
    await page
      .locator("form", { has: page.locator("#notApplicable") })
      .getByRole("button", { name: "Enregistrer" })
      .click();
    await expect.poll(() => page.locator("#notApplicableReason-error").textContent()).toContain("Expliquez pourquoi");
    await markNotApplicable(page, "Nous ne proposons aucune formation en alternance.");

    // Self-diagnosis: answer three indicators, save, the overall score reflects them.
    await page.goto("/organisme/autodiagnostic");
    await hydrated(page, "input[name='level-3.1'][value=en_partie]");
    await page.waitForLoadState("networkidle");
    await page.locator("input[name='level-1.2'][value=oui]").check();
    await page.locator("input[name='level-1.3'][value=oui]").check();
    await page.locator("input[name='level-1.4'][value=oui]").check();
    await page.locator("input[name='level-2.1'][value=non]").check();
    await page.locator("input[name='level-3.1'][value=en_partie]").check();
    for (const [code, level] of [
      ["1.2", "oui"],
      ["2.1", "non"],
      ["3.1", "en_partie"],
    ]) {
      expect(await page.locator(`input[name='level-${code}'][value=${level}]`).isChecked()).toBe(true);
    }
    await page.getByRole("button", { name: "Enregistrer l'autodiagnostic" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Autodiagnostic enregistré." }).count()).toBe(1);
    await expect.poll(() => page.locator("#overall-score").textContent()).toMatch(/\(7\/21 indicateurs évalués\)/);
    expect(await page.locator("#gaps").textContent()).toContain("2.1");

    // Synthesis: the four answered indicators are no longer listed, the 17 others are; submitting is refused.
    await page.goto("/organisme/dossier/synthese");
    const listed = () =>
      page.locator("#missing-list li").evaluateAll((items) => items.map((li) => li.getAttribute("data-indicator") ?? ""));
    const missing = await listed();
    expect(missing).toHaveLength(17);
    for (const code of ["1.1", "1.2", "1.3", "1.4"]) expect(missing).not.toContain(code);
    expect(await page.locator("#missing-list li[data-indicator='2.1']").textContent()).toContain("description de votre pratique");
    // Incomplete: no way to submit, the next step names what is missing.
    expect(await page.locator("#submit-dossier").count()).toBe(0);
    await page.goto("/organisme");
    expect(await page.locator("#next-step-text").textContent()).toBe(
      "Il reste 17 indicateurs à compléter avant de pouvoir soumettre votre dossier.",
    );

    // The remaining indicators, completed in the portal.
    for (const code of missing) {
      await openIndicator(page, code);
      await markNotApplicable(page, `Indicateur ${code} sans objet pour notre activité de conseil.`);
    }

    await page.goto("/organisme/dossier/synthese");
    expect(await page.locator("#missing-list").count()).toBe(0);
    await submitWithAttestation(page);
    await expect.poll(() => page.locator("[data-toast]").textContent()).toContain("Votre dossier a été soumis.");
    await page.goto("/organisme/dossier/indicateur/1.2");
    expect(await page.locator("#read-only").textContent()).toMatch(/soumis/i);
    expect(await page.locator("[data-testid=upload-form]").count()).toBe(0);
  });

  it("answers the funders' reason in the thread, replaces the evidence and resubmits", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    const { server, browser } = portal();
    // Garonne Savoirs: à compléter, 1.2 sent back (link evidence, open thread), 1.3 non conforme.
    const page = await browser.newPage({ baseURL: server.url });
    await logInAs(page, "contact@of-garonne.demo", "/organisme");
    await openIndicator(page, "1.2");
    expect(await page.locator("#review-reason").textContent()).toContain("programme détaillé par action");
    // The reason opens the thread (the seed posts it as decideIndicator does), then the funder's and the OF's messages.
    expect(await page.locator("#thread-messages li").count()).toBe(3);
    expect(await page.locator("#thread-messages li").first().textContent()).toContain("programme détaillé par action");

    await page.locator("#message-body").fill("Voici notre programme détaillé, avec les compétences visées pour chaque module.");
    await page.getByRole("button", { name: "Envoyer la réponse" }).click();
    await expect.poll(() => page.locator("#thread-messages li").count()).toBe(4);
    expect(await page.locator("#thread-messages li.ofj-thread__mine").last().textContent()).toContain("Voici notre programme détaillé");
    await expect.poll(() => page.locator("#message-body").inputValue()).toBe("");

    // The evidence: the new programme (PDF) takes the place of the old link, kept in the history.
    await uploadWithProgress(page, "upload", { name: "programme-detaille.pdf", buffer: makePdf("Programme detaille", 3000) });
    await expect.poll(() => page.locator("#evidence-list li[data-evidence-kind=file]").count()).toBe(1);
    await page.getByRole("button", { name: "Retirer Page qualité 1.2" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Retirer", exact: true }).click();
    await expect.poll(() => page.locator("#evidence-list li").count()).toBe(1);
    await expect.poll(() => page.locator("[data-toast]").textContent()).toContain("Justificatif retiré.");
    // And the programme is replaced by its corrected version, the previous one kept in the history.
    const fileId = await page.locator("#evidence-list li[data-evidence-kind=file] a[download]").getAttribute("href");
    const evidence = page.locator("#evidence-list li[data-evidence-kind=file]");
    await evidence.locator("summary", { hasText: "Remplacer" }).click();
    const replacePrefix = (await evidence.locator("form.ofj-upload").getAttribute("data-testid"))!.replace(/-form$/, "");
    await uploadWithProgress(page, replacePrefix, { name: "programme-detaille-v2.pdf", buffer: makePdf("Programme detaille v2", 3000) });
    await expect
      .poll(() => page.locator("#evidence-list li[data-evidence-kind=file]").textContent())
      .toContain("programme-detaille-v2.pdf");
    expect(await page.locator("#evidence-list li[data-evidence-kind=file] a[download]").getAttribute("href")).not.toBe(fileId);
    await page.locator(".ofj-history summary").click();
    const history = await page.locator(".ofj-history").textContent();
    expect(history).toContain("Page qualité 1.2");
    expect(history).toContain("programme-detaille.pdf");
    expect(history).toContain("remplacé");

    await page.goto("/organisme/dossier/synthese");
    await submitWithAttestation(page);
    const result = page.locator("[data-toast]");
    await expect.poll(() => result.textContent()).toContain("Votre dossier a été soumis.");
    expect(await result.textContent()).toContain("Indicateurs modifiés depuis le renvoi : 1.2");
    expect(await result.textContent()).not.toContain("1.3");
  });
});
