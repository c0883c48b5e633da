import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { BROWSER_FLOW_TIMEOUT, type LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import type { RunningServer } from "../setup/server-process";
import { login as loginHttp } from "../integration/live/helpers";
import { loaderData } from "../integration/access/doors";

const SCREENSHOTS = "docs/screenshots/review-room";

/**
 * The review room's evidence panel (issue 13, items 2–4) in Chromium, on the demo data: alice and
 * bruno open the same PDF page of the Rhône dossier; alice draws a region and comments; bruno sees
 * the highlight with her name in place; replies, presence, "Annoter cette page" from the keyboard,
 * "Demander un complément" filling the reason; an image inline; a damaged PDF explained in French.
 * Also measures the JavaScript transferred before and after a PDF is opened (pdf.js loads on demand).
 *
 * Where the panel is mounted: `openIndicator` below is the one place that knows the page and how to
 * reach an indicator's evidence on it.
 */
describe("evidence panel in Chromium", () => {
  const portal = useDemoPortal();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;
  beforeAll(() => {
    ({ server, browser, dossierId } = portal());
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  /** JavaScript bytes on the wire (encoded, headers included) per URL, from the DevTools protocol. */
  async function recordScripts(page: Page) {
    const cdp = await page.context().newCDPSession(page);
    const urls = new Map<string, string>();
    const bytes = new Map<string, number>();
    cdp.on("Network.responseReceived", (event) => urls.set(event.requestId, event.response.url));
    cdp.on("Network.loadingFinished", (event) => {
      const url = urls.get(event.requestId) ?? "";
      if (/\.m?js(\?|$)/.test(new URL(url, server.url).pathname)) bytes.set(url, (bytes.get(url) ?? 0) + event.encodedDataLength);
    });
    await cdp.send("Network.enable");
    return {
      total: () => [...bytes.values()].reduce((a, b) => a + b, 0),
      urls: () => [...bytes.keys()].map((u) => new URL(u).pathname),
    };
  }

  async function signIn(email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await browser.newPage({ baseURL: server.url, viewport });
    page.on("pageerror", (error) => {
      throw error;
    });
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("datadock-demo");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/financeur");
    return page;
  }

  /** The evidence panel of one indicator of a dossier's examination page, scrolled into view. */
  async function openIndicator(page: Page, dossier: string, code: string): Promise<Locator> {
    // The review room shows one indicator at a time, selected by the URL.
    const target = `/financeur/examens/${dossier}?indicateur=${encodeURIComponent(code)}`;
    if (!page.url().endsWith(target)) await page.goto(target);
    const panel = page.getByTestId("evidence-panel");
    await panel.scrollIntoViewIfNeeded();
    return panel;
  }

  /** Waits until the panel's PDF page is drawn and its annotations are connected. */
  async function pdfReady(panel: Locator, pageNumber: number) {
    await expect.poll(() => panel.getByTestId("pdf-page").getAttribute("data-rendered")).toBe("true");
    await expect.poll(() => panel.getByTestId("pdf-page").getAttribute("data-page")).toBe(String(pageNumber));
    await expect.poll(() => panel.getByTestId("annotations-column").innerText()).not.toContain("Connexion");
  }

  it(
    "alice draws on a PDF page, bruno sees it live with her name; replies, presence, whole-page note, reason",
    async () => {
      // First load: no pdf.js until a PDF is opened.
      const alice = await signIn("alice@financeur-a.demo");
      const scripts = await recordScripts(alice);
      const workers: string[] = [];
      alice.on("worker", (worker) => workers.push(new URL(worker.url()).pathname));
      await alice.goto(`/financeur/examens/${dossierId}`);
      await alice.waitForLoadState("networkidle");
      const firstLoad = scripts.total();
      expect(scripts.urls().some((u) => u.includes("/pdf-") || u.includes("pdf.worker"))).toBe(false);

      const alicePanel = await openIndicator(alice, dossierId, "1.1");
      await pdfReady(alicePanel, 1);
      await alice.waitForLoadState("networkidle");
      const withPdf = scripts.total();
      expect(scripts.urls().some((u) => u.startsWith("/build/_shared/pdf-"))).toBe(true);
      // pdf.js runs in a real worker, from our own origin (the CSP allows it; no fallback to the main thread).
      expect(workers).toEqual(["/pdfjs/pdf.worker-6.5.438.min.mjs"]);
      console.info(
        `[evidence-viewer] JS transferred: first load ${firstLoad} B; after opening a PDF ${withPdf} B (+${withPdf - firstLoad} B)`,
      );

      const bruno = await signIn("bruno@financeur-a.demo");
      const brunoPanel = await openIndicator(bruno, dossierId, "1.1");
      await pdfReady(brunoPanel, 1);

      // Both go to page 2 of 3.
      for (const panel of [alicePanel, brunoPanel]) {
        await panel.getByRole("button", { name: "Page suivante" }).click();
        await pdfReady(panel, 2);
        expect(await panel.innerText()).toContain("Page 2 sur 3");
      }
      // Bruno's presence reaches alice: on this piece, page 2.
      await expect.poll(() => alicePanel.getByTestId("evidence-presence").innerText()).toMatch(/Bruno.*\(page 2\)/);

      // Alice drags a rectangle on page 2 and comments it.
      const layer = alicePanel.getByTestId("annotation-layer");
      const box = (await layer.boundingBox())!;
      await alice.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2);
      await alice.mouse.down();
      await alice.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.25, { steps: 5 });
      await alice.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3, { steps: 5 });
      await alice.mouse.up();
      const draft = alicePanel.getByTestId("annotation-draft-form");
      await draft.getByRole("textbox").fill("Le tarif ne dit pas s'il est HT ou TTC.");
      await draft.getByRole("button", { name: "Enregistrer l'annotation" }).click();
      const saved = Date.now();

      // Bruno sees the highlight in place, with alice's name and comment.
      const highlight = brunoPanel.getByTestId("annotation-highlight");
      await expect.poll(() => highlight.count()).toBe(1);
      const seenAfter = Date.now() - saved;
      console.info(`[evidence-viewer] alice's highlight on bruno's page after ${seenAfter} ms`);
      expect(await highlight.innerText()).toContain("Alice");
      const brunoLayer = (await brunoPanel.getByTestId("annotation-layer").boundingBox())!;
      const mark = (await highlight.boundingBox())!;
      expect((mark.x - brunoLayer.x) / brunoLayer.width).toBeCloseTo(0.1, 1);
      expect((mark.y - brunoLayer.y) / brunoLayer.height).toBeCloseTo(0.2, 1);
      expect(mark.width / brunoLayer.width).toBeCloseTo(0.5, 1);
      const brunoItem = brunoPanel.getByTestId("annotation-item");
      expect(await brunoItem.innerText()).toContain("Le tarif ne dit pas s'il est HT ou TTC.");
      expect(await brunoItem.innerText()).toContain("Page 2");

      // Bruno replies beside it; alice reads the reply.
      await brunoItem.getByLabel("Votre réponse").fill("D'accord, à demander à l'organisme.");
      await brunoItem.getByRole("button", { name: "Répondre" }).click();
      await expect.poll(() => alicePanel.getByTestId("annotation-replies").innerText()).toContain("D'accord, à demander à l'organisme.");

      // Bruno annotates the whole page from the keyboard.
      await brunoPanel.getByRole("button", { name: "Annoter cette page" }).focus();
      await bruno.keyboard.press("Enter");
      await expect.poll(() => bruno.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
      await bruno.keyboard.type("Aucune signature du responsable sur cette page.");
      await brunoPanel.getByRole("button", { name: "Enregistrer l'annotation" }).click();
      await expect.poll(() => alicePanel.getByTestId("annotation-highlight").count()).toBe(2);
      expect(await alicePanel.getByTestId("annotation-highlight").allInnerTexts()).toEqual(
        expect.arrayContaining([expect.stringContaining("Bruno")]),
      );
      expect(await alicePanel.innerText()).toContain("page entière");

      // "Demander un complément" on alice's annotation pre-fills the indicator's reason.
      const aliceItem = alicePanel.getByTestId("annotation-item").filter({ hasText: "HT ou TTC" });
      await aliceItem.getByRole("button", { name: "Demander un complément" }).click();
      const reason = await alice.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value ?? "");
      expect(reason).toBe("Pièce « preuve-1.1.pdf », page 2 : Le tarif ne dit pas s'il est HT ou TTC.");

      // The place is kept per reviewer: after a reload alice is still on page 2.
      await alice.reload();
      const again = await openIndicator(alice, dossierId, "1.1");
      await pdfReady(again, 2);

      // Screenshots: desktop, then a phone (390×844).
      await again.scrollIntoViewIfNeeded();
      await expect.poll(() => again.getByTestId("annotation-highlight").count()).toBe(2);
      await again.screenshot({ path: `${SCREENSHOTS}/evidence-pdf-annotations-desktop.png` });
      const phone = await signIn("bruno@financeur-a.demo", { width: 390, height: 844 });
      const phonePanel = await openIndicator(phone, dossierId, "1.1");
      await pdfReady(phonePanel, 1); // a new tab: its own place, from page 1
      await phonePanel.getByRole("button", { name: "Page suivante" }).click();
      await pdfReady(phonePanel, 2);
      await expect.poll(() => phonePanel.getByTestId("annotation-highlight").count()).toBe(2);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await phonePanel.screenshot({ path: `${SCREENSHOTS}/evidence-pdf-annotations-390.png` });
    },
    BROWSER_FLOW_TIMEOUT,
  );

  it(
    "an image shows inline, a link opens in a new tab, a damaged PDF says so in French with a download link",
    async () => {
      const alice = await signIn("alice@financeur-a.demo");
      const panel = await openIndicator(alice, dossierId, "1.2");
      const link = panel.getByRole("link", { name: /Ouvrir « Page qualité 1\.2 »/ });
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
      expect(await panel.getByTestId("evidence-link").innerText()).toContain("https://of-rhone.demo/qualite/indicateur-1.2");

      await panel.getByRole("button", { name: /Plan des salles de formation/ }).click();
      const image = panel.getByRole("img", { name: "Plan des salles de formation" });
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
      await expect.poll(() => panel.getByTestId("annotations-column").innerText()).not.toContain("Connexion");
      await panel.getByRole("button", { name: "Annoter l'image" }).click();
      await panel.getByTestId("annotation-draft-form").getByRole("textbox").fill("Quelle salle est accessible en fauteuil ?");
      await panel.getByRole("button", { name: "Enregistrer l'annotation" }).click();
      await expect.poll(() => panel.getByTestId("annotation-highlight").count()).toBe(1);
      await panel.screenshot({ path: `${SCREENSHOTS}/evidence-image-desktop.png` });

      // A damaged PDF, uploaded by the OF of a dossier to complete (Garonne, indicator 1.2 is "à compléter").
      const of = await loginHttp(server.url, "contact@of-garonne.demo");
      const form = new FormData();
      form.append("code", "1.2");
      const damaged = Buffer.from("%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\nxref garbage, the file was cut during the scan\n");
      form.append("file", new File([new Uint8Array(damaged)], "attestation-scannee.pdf"));
      const upload = await of.request("/organisme/dossier/televersement", {
        method: "POST",
        body: form,
        headers: { accept: "application/json", origin: server.url },
      });
      expect(upload.status).toBe(200);
      const overview = JSON.stringify((await loaderData(of, "/organisme/dossier")).data);
      const garonne = /"dossierId":"([0-9a-f-]{36})"/.exec(overview)?.[1];
      expect(garonne).toBeDefined();
      const garonnePanel = await openIndicator(alice, garonne!, "1.2");
      await garonnePanel.getByRole("button", { name: /attestation-scannee\.pdf/ }).click();
      const failure = garonnePanel.getByTestId("evidence-failed");
      await expect.poll(() => failure.innerText()).toContain("Ce PDF ne peut pas être affiché");
      expect(await failure.innerText()).toContain("endommagé");
      const download = failure.getByRole("link", { name: "Télécharger « attestation-scannee.pdf »" });
      const href = await download.getAttribute("href");
      expect(href).toMatch(/^\/fichiers\/[0-9a-f-]{36}$/);
      expect((await alice.request.get(href!)).status()).toBe(200);
      await failure.screenshot({ path: `${SCREENSHOTS}/evidence-pdf-damaged.png` });
    },
    BROWSER_FLOW_TIMEOUT,
  );
});
