/**
 * Issue 15's "done when", tried in Chromium as a funder's team lead would, on national-scale data: find an
 * OF by a misspelt name, assign twenty dossiers to an examiner in one action, see what is late, export the
 * catalogue as XLSX, open a random control campaign, get an expert's confidential opinion on one indicator.
 * Each step is timed from the click to what the person waits for; screenshots go to
 * docs/screenshots/walkthrough/, figures to tests/bench/results/walkthrough.{json,md}.
 *
 * The database: the demo world plus the 60,000 OFs of `npm run seed:scale`, on PostgreSQL:
 *   createdb -h 127.0.0.1 -U postgres walkthrough
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/walkthrough DATADOCK_MODE=demo npm run seed:demo
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/walkthrough DATADOCK_MODE=demo npm run seed:scale
 *   WALKTHROUGH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/walkthrough npm exec -- node --import tsx tests/bench/team-lead-walkthrough.ts
 * The run changes the data (assignments, a campaign, an expert request): reseed for a second run.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/browser";
import { startServer } from "../setup/server-process";
import { REPO_ROOT, markdownTable, runRecord, writeResults } from "./lib";

const SCREENSHOTS = join(REPO_ROOT, "docs", "screenshots", "walkthrough");
const PASSWORD = "datadock-demo";

interface Step {
  step: string;
  ms: number;
  outcome: string;
  screenshot: string;
}

async function logIn(page: Page, email: string, landing: string) {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${landing}`);
}

const hydrated = (page: Page) => page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__react")));

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - started), value };
}

async function main() {
  const url = process.env.WALKTHROUGH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error("Set WALKTHROUGH_DATABASE_URL to a database seeded with the demo world and npm run seed:scale (see the header).");
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  const ofs = Number((await check.query<{ n: string }>("select count(*) as n from organisations where kind = 'of'")).rows[0]?.n ?? 0);
  await check.end();
  if (ofs < 60_000) throw new Error(`The database holds ${ofs} OFs: seed it with npm run seed:scale first.`);

  const record = runRecord();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startServer({ env: { DATABASE_URL: url } });
  const browser = await launchBrowser({ timeout: 30_000 });
  const steps: Step[] = [];
  // The top of the page, up to 1,600 px: a queue of 50 rows in full would be unreadable.
  const shot = async (page: Page, name: string) => {
    const size = page.viewportSize() ?? { width: 1280, height: 800 };
    // From the top: a sticky column (the room's rail) would otherwise be drawn where the page was scrolled.
    await page.evaluate(() => window.scrollTo(0, 0));
    const height = Math.min(1600, await page.evaluate(() => document.documentElement.scrollHeight));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: size.width, height } });
    return `docs/screenshots/walkthrough/${name}.png`;
  };
  try {
    const lead = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await logIn(lead, "admin@financeur-a.demo", "/financeur");

    // 1. Find an OF by a misspelt name, among the 60,000.
    await lead.goto("/financeur/organismes");
    await lead.getByLabel("Rechercher", { exact: true }).fill("formaton rhone");
    const search = await timed(async () => {
      await lead.getByRole("button", { name: "Rechercher" }).click();
      await lead.getByRole("link", { name: "Rhône Formation Pro" }).waitFor();
    });
    steps.push({
      step: "Trouver « Rhône Formation Pro » en tapant « formaton rhone » (annuaire)",
      ms: search.ms,
      outcome: `trouvé parmi ${ofs.toLocaleString("fr-FR")} organismes`,
      screenshot: await shot(lead, "1-search-misspelt"),
    });

    // 2. Assign twenty submitted dossiers to an examiner in one action.
    await lead.goto("/financeur/examens?statut=soumis");
    await hydrated(lead);
    const boxes = lead.locator("tbody").getByRole("checkbox", { name: /^Sélectionner / });
    for (let i = 0; i < 20; i++) await boxes.nth(i).check();
    await lead.getByTestId("bulk-count").filter({ hasText: "20 lignes sélectionnées" }).waitFor();
    await lead.getByLabel("Action à lancer").selectOption("assign");
    await lead.getByLabel("Attribuer à").selectOption({ label: "Bruno Lefèvre (Financeur A (OPCO démo))" });
    const bulk = await timed(async () => {
      await lead.getByRole("button", { name: "Lancer l'action" }).click();
      await lead.waitForURL(/traitement=/);
      await lead.getByTestId("bulk-job").filter({ hasText: "Traitement terminé" }).waitFor({ timeout: 120_000 });
    });
    const bulkText = (await lead.getByTestId("bulk-job").textContent()) ?? "";
    steps.push({
      step: "Attribuer 20 dossiers soumis à Bruno en une action (file d'examen)",
      ms: bulk.ms,
      outcome: /20 lignes traitées/.test(bulkText) ? "20 lignes traitées" : bulkText.trim().slice(0, 120),
      screenshot: await shot(lead, "2-bulk-assign-20"),
    });

    // 3. What is late.
    const late = await timed(async () => {
      await lead.goto("/financeur/examens?delai=retard");
      await lead.locator("table").first().waitFor();
    });
    const lateLine =
      (await lead
        .getByText(/dossiers? en retard/)
        .first()
        .textContent()) ?? "";
    steps.push({
      step: "Voir les dossiers en retard (file d'examen, filtre « en retard »)",
      ms: late.ms,
      outcome: lateLine.trim(),
      screenshot: await shot(lead, "3-late-dossiers"),
    });

    // 4. The catalogue: an OF added from a search (not an exact SIRET), then the catalogue as XLSX.
    await lead.goto("/financeur/catalogue");
    await hydrated(lead);
    await lead.locator("#siret").fill("organisme 1000");
    await lead.getByRole("option", { name: /Organisme 1000\b/ }).click();
    await lead.locator("#add-reason").fill("Organisme datadocké retenu pour nos formations.");
    await lead.getByRole("button", { name: "Ajouter au catalogue" }).click();
    await lead.locator("[data-toast]").filter({ hasText: "Organisme 1000 a été ajouté au catalogue." }).first().waitFor();
    const exported = await timed(async () => {
      const [download] = await Promise.all([lead.waitForEvent("download"), lead.getByRole("link", { name: "Exporter (XLSX)" }).click()]);
      return readFileSync((await download.path()) ?? "");
    });
    const isXlsx = exported.value.subarray(0, 2).toString("latin1") === "PK";
    steps.push({
      step: "Ajouter « Organisme 1000 » au catalogue depuis une recherche, puis exporter le catalogue en XLSX",
      ms: exported.ms,
      outcome: `${isXlsx ? "classeur XLSX" : "PAS un XLSX"} de ${exported.value.length.toLocaleString("fr-FR")} octets`,
      screenshot: await shot(lead, "4-catalogue"),
    });

    // 5. A random control campaign (the coordination).
    const coordination = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    await logIn(coordination, "coordination@datadock.demo", "/coordination");
    await coordination.goto("/coordination/campagnes");
    const version = coordination.getByLabel("Référentiel");
    const largest = await version.evaluate((select: HTMLSelectElement) => {
      const counted = [...select.options].map((o) => ({
        value: o.value,
        n: Number(/\(([\d\s  ]+) organismes datadockés\)/.exec(o.text)?.[1]?.replace(/\D/g, "") ?? 0),
      }));
      return counted.sort((a, b) => b.n - a.n)[0]?.value ?? "";
    });
    await version.selectOption(largest);
    await coordination.getByRole("button", { name: "Choisir ce référentiel" }).click();
    await coordination.waitForURL(/referentiel=/);
    await coordination.waitForLoadState("networkidle");
    await hydrated(coordination);
    await coordination.getByLabel("Intitulé de la campagne").fill("Contrôle national de décembre");
    await coordination.getByLabel("Motif communiqué aux organismes").fill("Contrôle aléatoire annuel de la base Datadock.");
    await coordination.getByLabel("Part des organismes à tirer (%)").fill("0,5");
    await coordination.getByRole("group", { name: "Indicateurs à réexaminer" }).getByRole("checkbox").first().check();
    const preview = await timed(async () => {
      await coordination.getByRole("button", { name: "Prévisualiser le tirage" }).click();
      await coordination.getByRole("heading", { name: "Aperçu du tirage" }).waitFor();
    });
    await shot(coordination, "5a-campaign-preview");
    const confirm = coordination.getByRole("button", { name: /^Confirmer et ouvrir \d+ contrôles$/ });
    const drawn = Number((/(\d+) contrôles/.exec((await confirm.textContent()) ?? "") ?? [])[1] ?? 0);
    const opened = await timed(async () => {
      await confirm.click();
      await coordination
        .getByText(/Campagne « Contrôle national de décembre » créée|restent à ouvrir/)
        .first()
        .waitFor({ timeout: 180_000 });
    });
    const toast =
      (await coordination
        .getByText(/Campagne « Contrôle national de décembre » créée|restent à ouvrir/)
        .first()
        .textContent()) ?? "";
    steps.push({
      step: `Tirer au sort 0,5 % des organismes datadockés et ouvrir leurs contrôles (aperçu ${preview.ms} ms)`,
      ms: opened.ms,
      outcome: `${drawn} organismes tirés — ${toast.trim()}`,
      screenshot: await shot(coordination, "5b-campaign-opened"),
    });

    // 6. An expert's confidential opinion on one indicator.
    const alice = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await logIn(alice, "alice@financeur-a.demo", "/financeur");
    await alice.goto("/financeur/organismes?q=Rh%C3%B4ne%20Formation%20Pro");
    await alice.getByRole("link", { name: "Rhône Formation Pro" }).click();
    await alice.waitForURL("**/financeur/organismes/*");
    const roomLink = alice.locator('a[href^="/financeur/examens/"]').first();
    const roomHref = (await roomLink.getAttribute("href")) ?? "";
    await alice.goto(`${roomHref.split("?")[0]}?indicateur=1.4`);
    const panel = alice.getByTestId("expert-panel");
    await panel.getByLabel("Adresse e-mail de l'expert extérieur").fill("claire.expert@cabinet-qualite.test");
    await panel.getByLabel("Nom de l'expert extérieur").fill("Claire Experte");
    await panel.getByLabel("Votre question").fill("La réponse à l'indicateur 1.4 vous paraît-elle suffisante ?");
    await panel.getByRole("button", { name: "Envoyer la demande" }).click();
    await panel.getByTestId("expert-request").filter({ hasText: "Claire Experte" }).waitFor();
    const expert = await browser.newPage({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    await expert.goto("/dev/mail");
    await expert
      .locator("article.mail")
      .filter({ hasText: "claire.expert@cabinet-qualite.test" })
      .first()
      .locator('a[href*="/avis/invitation/"]')
      .click();
    await expert.getByLabel("Mot de passe", { exact: true }).fill("un-mot-de-passe-solide");
    await expert.getByLabel("Confirmation du mot de passe").fill("un-mot-de-passe-solide");
    await expert.getByRole("button", { name: "Créer mon accès" }).click();
    await expert.waitForURL("**/avis");
    await expert.getByRole("link", { name: "Avis sur le dossier de Rhône Formation Pro" }).click();
    await expert.getByLabel("Votre avis").fill("Suffisante : la procédure est décrite et datée.");
    const answered = await timed(async () => {
      await expert.getByRole("button", { name: "Envoyer mon avis" }).click();
      await panel
        .getByTestId("expert-request")
        .filter({ hasText: "Claire Experte" })
        .getByText("Suffisante : la procédure est décrite et datée.")
        .waitFor();
    });
    await shot(expert, "6a-expert-answers-390");
    steps.push({
      step: "Demander l'avis confidentiel d'une experte extérieure sur l'indicateur 1.4 et le lire dans la salle d'examen",
      ms: answered.ms,
      outcome: "avis reçu en direct dans la salle (de l'envoi de l'experte à l'affichage chez l'examinatrice)",
      screenshot: await shot(alice, "6b-expert-opinion-in-room"),
    });
  } catch (error) {
    // Where each open page stood, for the person reading the failure.
    const pages = browser.browser.contexts().flatMap((c) => c.pages());
    for (const [i, page] of pages.entries()) {
      await page.screenshot({ path: join(SCREENSHOTS, `failure-${i}.png`), fullPage: true }).catch(() => {});
      console.error(
        `page ${i}: ${page.url()}\n${(
          (await page
            .locator("main")
            .textContent()
            .catch(() => "")) ?? ""
        ).slice(0, 800)}`,
      );
    }
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }

  const markdown = [
    `### Issue 15, "done when": a funder's team lead on ${ofs.toLocaleString("en-GB")} OFs (PostgreSQL, Chromium)`,
    "",
    markdownTable(
      ["step", "ms", "outcome", "screenshot"],
      steps.map((s) => [s.step, s.ms, s.outcome, s.screenshot]),
    ),
    "",
    `Machine: ${record.machine.cpus} × ${record.machine.cpuModel}, Node ${record.machine.node}; load average at start ${record.machine.loadAverageAtStart.join(" / ")}. One run (a walkthrough, not a comparison).`,
    `Command: \`${record.command}\` (${record.date}).`,
  ].join("\n");
  writeResults("walkthrough", { ...record, ofs, steps }, markdown);
  console.log(markdown);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
