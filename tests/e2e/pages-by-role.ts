import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examinationPage, login, queueDossiers } from "../integration/live/helpers";

/**
 * Every page each demo role can reach (issue 12): the browser audit (page-audit.ts) visits
 * each of them; tests/unit/pages-by-role.test.ts fails when a page route of app/routes is in no
 * role's list and not in EXCLUDED_ROUTES, so the list stays complete.
 */

const ROUTES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "app", "routes");

/** Ids from the demo data, read from the running server (never hard-coded: seeds make new uuids). */
export interface DemoIds {
  /** Rhône Formation Pro's dossier (en examen, taken by alice). */
  rhoneDossierId: string;
  /** Rhône Formation Pro's organisation. */
  rhoneOrganisationId: string;
  /** A référentiel version, from the coordination's list. */
  referentielVersionId: string;
  /** An indicator code of the OF dossiers, from the Rhône examination page. */
  indicatorCode: string;
}

export interface AuditPage {
  /** The route module under app/routes, without its extension (e.g. `financeur.examens.$dossierId`). */
  route: string;
  /** File-name part of its screenshots, unique within a role. */
  slug: string;
  path: (ids: DemoIds) => string;
  /** The status the page answers with (a bad token or an unknown address is not a 200). */
  status?: number;
}

export interface AuditRole {
  /** Folder name of its screenshots, and the value of AUDIT_ROLE. */
  name: string;
  /** Demo account (password datadock-demo); null: not logged in. */
  email: string | null;
  pages: AuditPage[];
}

/** A bad token: each token page answers with its French error. */
export const BAD_TOKEN = "jeton-invalide-0000";

const page = (route: string, slug: string, path: string | ((ids: DemoIds) => string), status?: number): AuditPage => ({
  route,
  slug,
  path: typeof path === "string" ? () => path : path,
  ...(status === undefined ? {} : { status }),
});

/** Pages every logged-in account reaches. */
const ACCOUNT_PAGES = [
  page("notifications", "notifications", "/notifications"),
  page("preferences", "preferences", "/preferences"),
  page("deconnexion-partout", "deconnexion-partout", "/deconnexion-partout"),
  page("$", "page-introuvable", "/page-qui-n-existe-pas", 404),
];

/** The funder-side pages of a reviewer (and, apart from the catalogue, of the coordination). */
const FUNDER_SIDE_PAGES = [
  page("financeur._index", "financeur", "/financeur"),
  page("financeur.examens._index", "examens", "/financeur/examens"),
  page("financeur.examens.$dossierId", "examen-rhone", (ids) => `/financeur/examens/${ids.rhoneDossierId}`),
  page("financeur.organismes._index", "annuaire", "/financeur/organismes?q=formation"),
  page("financeur.organismes.$organisationId", "organisme-rhone", (ids) => `/financeur/organismes/${ids.rhoneOrganisationId}`),
  page("financeur.rapports", "rapports", "/financeur/rapports"),
];

const FUNDER_PAGES = [...FUNDER_SIDE_PAGES, page("financeur.catalogue", "catalogue", "/financeur/catalogue"), ...ACCOUNT_PAGES];

const OF_PAGES = [
  page("organisme._index", "organisme", "/organisme"),
  page("organisme.dossier._index", "dossier", "/organisme/dossier"),
  page("organisme.dossier.indicateur.$code", "indicateur", (ids) => `/organisme/dossier/indicateur/${ids.indicatorCode}`),
  page("organisme.dossier.synthese", "synthese", "/organisme/dossier/synthese"),
  page("organisme.dossier.historique", "historique", "/organisme/dossier/historique"),
  page("organisme.autodiagnostic", "autodiagnostic", "/organisme/autodiagnostic"),
  page("organisme.circuit-court", "circuit-court", "/organisme/circuit-court"),
  page("organisme.profil", "profil", "/organisme/profil"),
  page("organisme.equipe", "equipe", "/organisme/equipe"),
  page("organisme.donnees", "donnees", "/organisme/donnees"),
  ...ACCOUNT_PAGES,
];

const ofRole = (name: string, email: string): AuditRole => ({ name, email, pages: OF_PAGES });

export const ROLES: AuditRole[] = [
  {
    name: "coordination",
    email: "coordination@datadock.demo",
    pages: [
      page("coordination._index", "coordination", "/coordination"),
      page("coordination.activite", "activite", "/coordination/activite"),
      page("coordination.financeurs", "financeurs", "/coordination/financeurs"),
      page("coordination.cnefop", "cnefop", "/coordination/cnefop"),
      page("coordination.delais", "delais", "/coordination/delais"),
      page("coordination.campagnes", "campagnes", "/coordination/campagnes"),
      page("coordination.referentiels._index", "referentiels", "/coordination/referentiels"),
      page(
        "coordination.referentiels.$versionId",
        "referentiel-version",
        (ids) => `/coordination/referentiels/${ids.referentielVersionId}`,
      ),
      ...FUNDER_SIDE_PAGES.filter((p) => p.route !== "financeur._index"),
      ...ACCOUNT_PAGES,
    ],
  },
  {
    name: "financeur-admin",
    email: "admin@financeur-a.demo",
    pages: [...FUNDER_PAGES, page("financeur.equipe", "equipe", "/financeur/equipe"), page("financeur.api", "api", "/financeur/api")],
  },
  { name: "financeur-alice", email: "alice@financeur-a.demo", pages: FUNDER_PAGES },
  // Chloé also sees her expert requests' list (issue 15.7): empty in the demo data.
  { name: "financeur-chloe", email: "chloe@financeur-b.demo", pages: [...FUNDER_PAGES, page("avis._index", "avis", "/avis")] },
  ofRole("of-brouillon", "contact@of-exemple.demo"),
  ofRole("of-a-completer", "contact@of-garonne.demo"),
  ofRole("of-datadocke", "contact@of-nord.demo"),
  ofRole("of-circuit-court", "contact@of-alsace.demo"),
  {
    name: "anonyme",
    email: null,
    pages: [
      page("_index", "accueil", "/"),
      page("login", "connexion", "/login"),
      page("inscription", "inscription", "/inscription"),
      page("mot-de-passe-oublie", "mot-de-passe-oublie", "/mot-de-passe-oublie"),
      page("verification.renvoyer", "verification-renvoyer", "/verification/renvoyer"),
      page("verification.$token", "verification-jeton-invalide", `/verification/${BAD_TOKEN}`, 404),
      page("invitation.$token", "invitation-jeton-invalide", `/invitation/${BAD_TOKEN}`, 404),
      page("reinitialisation.$token", "reinitialisation-jeton-invalide", `/reinitialisation/${BAD_TOKEN}`, 404),
      page("avis.invitation.$token", "invitation-expert-jeton-invalide", `/avis/invitation/${BAD_TOKEN}`, 404),
      page("dev.mail", "boite-mail-demo", "/dev/mail"),
      page("verifier._index", "verifier", "/verifier"),
      page("verifier.$code", "verifier-code-inconnu", "/verifier/0000-0000-0000-0000", 404),
      page("$", "page-introuvable", "/page-qui-n-existe-pas", 404),
    ],
  },
];

/** GET routes that are not pages, each with why it is not audited. */
export const EXCLUDED_ROUTES: Record<string, string> = {
  "notifications.$id": "opens one notification: marks it read and redirects to its place, never a page of its own",
  "api.v1.$": "REST API (problem+json), not a page",
  "api.v1.catalogue.$siret": "REST API (JSON), not a page",
  "api.v1.catalogue._index": "REST API (JSON), not a page",
  "api.v1.openapi[.]json": "OpenAPI document (JSON), not a page",
  "api.v1.organisations.$siret._index": "REST API (JSON), not a page",
  "api.v1.organisations.$siret.decisions": "REST API (JSON), not a page",
  "financeur.catalogue[.]csv": "CSV download, not a page",
  "financeur.organismes.suggestions": "JSON options of the OF search combobox, not a page",
  "financeur.organismes.export": "CSV/XLSX download of the directory, not a page",
  "financeur.examens.export": "CSV/XLSX download of the queue, not a page",
  "financeur.traitements.$jobId": "JSON of a bulk job's progress (polled by its page when the live socket is down), not a page",
  "financeur.rapports[.]csv": "CSV download, not a page",
  "financeur.examens.$dossierId.versions": "JSON of the shared notes' versions (resource route of the versions panel), not a page",
  "fichiers.$id": "evidence file download, not a page",
  "fils.$dossierId.$code": "thread resource route (JSON for the live thread), not a page",
  logout: "logs out and redirects, not a page (and would end the role's session)",
  "organisme.dossier.televersement": "upload endpoint (action only, no page)",
  "organisme.attestation[.]pdf": "PDF download of the attestation, not a page",
  "organisme.donnees[.]zip": "ZIP download of the organisation's data, not a page",
  "financeur.examens.$dossierId.zip": "ZIP download of a whole dossier, not a page",
  "organisme.reprise": "POST only (the home's button); a GET goes back home",
  "avis.$requestId":
    "an expert's page of one request: reached only by the request's expert, and the demo data holds no request; tests/e2e/expert-opinion.e2e.test.ts opens it and saves its screenshots",
};

/** Route modules of app/routes, by route id: those that answer a GET (a loader or a component), or all of them. */
export function getRoutes({ getOnly = true, routesDir = ROUTES_DIR } = {}): string[] {
  return readdirSync(routesDir)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file))
    .filter(
      (file) =>
        !getOnly ||
        /export\s+(default\b|(async\s+)?function\s+loader\b|const\s+loader\b)/.test(readFileSync(join(routesDir, file), "utf8")),
    )
    .map((file) => file.replace(/\.(tsx?|jsx?)$/, ""))
    .sort();
}

/** The roles and pages selected by AUDIT_ROLE (exact role name) and AUDIT_PAGE (substring of slug, route or path). */
export function selectedRoles(env: NodeJS.ProcessEnv = process.env): AuditRole[] {
  const role = env.AUDIT_ROLE?.trim();
  const pageFilter = env.AUDIT_PAGE?.trim();
  return ROLES.filter((r) => !role || r.name === role)
    .map((r) => ({
      ...r,
      pages: r.pages.filter((p) => !pageFilter || p.slug.includes(pageFilter) || p.route.includes(pageFilter)),
    }))
    .filter((r) => r.pages.length > 0);
}

/** Reads the demo ids from the running server, as alice and as the coordination. */
export async function resolveDemoIds(baseUrl: string): Promise<DemoIds> {
  const alice = await login(baseUrl, "alice@financeur-a.demo");
  const rhoneDossierId = [...(await queueDossiers(alice))].find(([name]) => name.startsWith("Rhône"))?.[1];
  if (!rhoneDossierId) throw new Error("the demo dossier of Rhône Formation Pro is not in alice's queue");
  const { organisationId, indicators } = await examinationPage(alice, rhoneDossierId);
  const indicatorCode = [...indicators.keys()].find((code) => code === "1.2") ?? [...indicators.keys()][0];
  if (!indicatorCode) throw new Error("no indicator on the Rhône examination page");
  const coordination = await login(baseUrl, "coordination@datadock.demo");
  const html = await (await coordination.get("/coordination/referentiels")).text();
  const referentielVersionId = /\/coordination\/referentiels\/([0-9a-f-]{36})/.exec(html)?.[1];
  if (!referentielVersionId) throw new Error("no référentiel version linked from /coordination/referentiels");
  return { rhoneDossierId, rhoneOrganisationId: organisationId, referentielVersionId, indicatorCode };
}
