import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { isDomainError } from "../../../domain/errors";
import { visibleTextLength } from "../../../domain/dossiers/rich-text";
import { flashToastOf } from "../../setup/flash-cookie";

/**
 * The rules of the form (issue 14.9) as data of the référentiel version: the description's length in
 * visible characters and the evidence count are enforced on the server with French messages; the
 * coordination changes the limits and writes examples; an answer already over a lowered limit stays
 * readable and must be shortened when next saved.
 */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let versionId: string;
let coordinator: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "Coordination")).actor;
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(() => t?.close());

async function page(actor: Actor, path: string) {
  const response = await handle(new Request(`http://localhost${path}`), testLoadContext({ db: t.db, actor }));
  return { status: response.status, html: await response.text() };
}

async function post(actor: Actor, path: string, fields: Record<string, string>) {
  const response = await handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    testLoadContext({ db: t.db, actor }),
  );
  return { status: response.status, html: await response.text(), toast: flashToastOf(response.headers.get("set-cookie")) };
}

const fr = (n: number) => n.toLocaleString("fr-FR");
const indicatorPath = (code: string) => `/organisme/dossier/indicateur/${code}`;

async function refusalOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (isDomainError(error)) return error.messageKey;
    throw error;
  }
}

describe("the description's length", () => {
  it("counts visible text only: tags are free, an entity is one character", () => {
    expect(visibleTextLength("<p><strong>abc</strong></p><p>d&amp;e</p>")).toBe(6);
    expect(visibleTextLength("<script>alert(1)</script>ok")).toBe(2);
  });

  it("is refused over the version's limit (1 000 by default) with a French message, tags not counted", async () => {
    const of = await createOf(t.db);
    expect(await refusalOf(saveDescription(t.db, of, "1.1", `<p><strong>${"a".repeat(1000)}</strong></p>`))).toBeNull();
    expect(await refusalOf(saveDescription(t.db, of, "1.1", `<p>${"a".repeat(1001)}</p>`))).toBe("dossier.description.tooLong");

    const refused = await post(of.actor, indicatorPath("1.1"), { intent: "description", description: "b".repeat(1001) });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(`La description compte ${fr(1001)} caractères pour ${fr(1000)} au plus`);
  });

  it("shows the live count and, once the limit is lowered, keeps the longer answer readable but refuses to save it until shortened", async () => {
    const of = await createOf(t.db);
    const text = `<p>${"x".repeat(40)}</p>`;
    await saveDescription(t.db, of, "1.2", text);
    const before = await page(of.actor, indicatorPath("1.2"));
    expect(before.html).toContain(`40 / ${fr(1000)} caractères`);
    expect(before.html).not.toContain('id="description-over-limit"');

    // The coordination lowers the limit through its page.
    const saved = await post(coordinator, `/coordination/referentiels/${versionId}`, {
      intent: "rules",
      descriptionMaxChars: "20",
      evidenceMaxPerIndicator: "3",
    });
    // Saved: back to the page with a toast (decision 034).
    expect(saved.status).toBe(302);
    expect(saved.toast?.messageKey).toBe("referentiels.saved.rules");

    const after = await page(of.actor, indicatorPath("1.2"));
    expect(after.status).toBe(200);
    expect(after.html).toContain("x".repeat(40));
    expect(after.html).toContain("40 / 20 caractères");
    expect(after.html).toContain('id="description-over-limit"');

    for (const description of [text, `<p>${"x".repeat(41)}</p>`]) {
      const refused = await post(of.actor, indicatorPath("1.2"), { intent: "description", description });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain("La description compte");
      expect(refused.html).toContain("pour 20 au plus");
    }
    const stored = await t.db
      .selectFrom("indicator_answers")
      .innerJoin("indicators", "indicators.id", "indicator_answers.indicator_id")
      .select("indicator_answers.description")
      .where("indicators.code", "=", "1.2")
      .where("indicators.version_id", "=", versionId)
      .where("indicator_answers.updated_by", "=", of.userId)
      .executeTakeFirstOrThrow();
    expect(stored.description).toBe(text);

    const shortened = await post(of.actor, indicatorPath("1.2"), { intent: "description", description: "<p>Plus court</p>" });
    expect(shortened.status).toBe(200);

    await post(coordinator, `/coordination/referentiels/${versionId}`, {
      intent: "rules",
      descriptionMaxChars: "1000",
      evidenceMaxPerIndicator: "3",
    });
  });
});

describe("the evidence count and the suggested examples", () => {
  it("refuses a fourth item by default with a French message, and the page says the limit is reached", async () => {
    const of = await createOf(t.db);
    for (const n of [1, 2, 3]) await addEvidence(t.db, of, "2.1", { kind: "link", url: `https://of.example/preuve-${n}` });
    expect(await refusalOf(addEvidence(t.db, of, "2.1", { kind: "link", url: "https://of.example/preuve-4" }))).toBe(
      "dossier.evidence.tooMany",
    );
    const refused = await post(of.actor, indicatorPath("2.1"), { intent: "link", url: "https://of.example/preuve-5" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("Cet indicateur a déjà le nombre maximal de justificatifs");
    const shown = await page(of.actor, indicatorPath("2.1"));
    expect(shown.html).toContain("3 justificatifs au plus pour cet indicateur (3 déposés).");
    expect(shown.html).toContain('id="evidence-full"');
    const live = await t.db
      .selectFrom("evidence")
      .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
      .select("evidence.id")
      .where("indicator_answers.updated_by", "=", of.userId)
      .where("evidence.removed_at", "is", null)
      .execute();
    expect(live).toHaveLength(3);
  });

  it("shows the examples the coordination writes per indicator beside the upload", async () => {
    const indicator = await t.db
      .selectFrom("indicators")
      .select("id")
      .where("version_id", "=", versionId)
      .where("code", "=", "1.1")
      .executeTakeFirstOrThrow();
    const saved = await post(coordinator, `/coordination/referentiels/${versionId}`, {
      intent: "examples",
      indicatorId: indicator.id,
      examples: "Programme de formation\nFiche de positionnement",
    });
    expect(saved.status).toBe(302);
    expect(saved.toast?.messageKey).toBe("referentiels.saved.examples");
    const coordinationPage = await page(coordinator, `/coordination/referentiels/${versionId}`);
    expect(coordinationPage.html).toContain("Fiche de positionnement");

    const of = await createOf(t.db);
    const shown = await page(of.actor, indicatorPath("1.1"));
    expect(shown.html).toContain('id="evidence-examples"');
    expect(shown.html).toContain("<li>Programme de formation</li>");
    expect(shown.html).toContain("<li>Fiche de positionnement</li>");
    expect((await page(of.actor, indicatorPath("1.2"))).html).not.toContain('id="evidence-examples"');
  });

  it("refuses bad limits from the coordination's form with a French message", async () => {
    const refused = await post(coordinator, `/coordination/referentiels/${versionId}`, {
      intent: "rules",
      descriptionMaxChars: "mille",
      evidenceMaxPerIndicator: "0",
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("Saisissez un nombre entier entre 1 et 50 000.");
    expect(refused.html).toContain("Saisissez un nombre entier entre 1 et 100.");
  });
});
