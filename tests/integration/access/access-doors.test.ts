import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import type { HttpClient } from "../../setup/http-client";
import { connectLive, connected, examinationPage, login, type LiveClient } from "../live/helpers";
import { dossierReviewDocument, evidenceAnnotationsDocument, organisationFunderNotesDocument } from "../../../collab/shared/document-names";
import { collabDoor, loaderData, socketDoor } from "./doors";

/**
 * Decision 021: every door of a resource gives the same answer. For every demo account and every demo
 * OF (its organisation, dossier, thread, an evidence file and its annotations, the review notes), each
 * door is asked — portal page, file download, API, socket.io join, Yjs websocket — and must agree with
 * the rule: a dossier (and what hangs on it) is its OF's, and the funders' and coordination's once it
 * has left the draft; an OF's organisation is its own staff's and any funder's or coordinator's; the
 * collaborative documents are the funder side's only (coordinators read).
 */
type Side = "coordinator" | "funder" | "of";
const ACCOUNTS: { email: string; side: Side; of?: string }[] = [
  { email: "coordination@datadock.demo", side: "coordinator" },
  { email: "admin@financeur-a.demo", side: "funder" },
  { email: "alice@financeur-a.demo", side: "funder" },
  { email: "bruno@financeur-a.demo", side: "funder" },
  { email: "chloe@financeur-b.demo", side: "funder" },
  { email: "admin@financeur-c.demo", side: "funder" },
  ...["exemple", "atlantique", "rhone", "garonne", "nord", "alsace"].map((of) => ({
    email: `contact@of-${of}.demo`,
    side: "of" as const,
    of,
  })),
];
const OFS = ["exemple", "atlantique", "rhone", "garonne", "nord", "alsace"];
const DRAFTS = new Set(["exemple"]);

interface DemoOf {
  slug: string;
  /** Empty when no page shows it (the draft OF's: funders find it by search, not by a link we can follow). */
  organisationId: string;
  siret: string;
  dossierId: string;
  code: string;
  evidenceId: string;
  fileId: string;
}

/** Every object inside a JSON value (loader data), depth first. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== "object") return [];
  const children = Array.isArray(value) ? value : Object.values(value);
  return [...(Array.isArray(value) ? [] : [value as Record<string, unknown>]), ...children.flatMap(objectsIn)];
}

/** An OF's ids, from its own pages: profile (SIRET), dossier, its thread panel, the first indicator with a file. */
async function discover(client: HttpClient, slug: string): Promise<DemoOf> {
  const profile = objectsIn((await loaderData(client, "/organisme/profil")).data).find((o) => typeof o.siret === "string");
  const overview = (await loaderData(client, "/organisme/dossier")).data;
  const dossierId = objectsIn(overview).find((o) => typeof o.dossierId === "string")?.dossierId as string | undefined;
  const codes = [...new Set(objectsIn(overview).flatMap((o) => (typeof o.code === "string" ? [o.code] : [])))];
  for (const code of codes.slice(0, 4)) {
    const detail = (await loaderData(client, `/organisme/dossier/indicateur/${code}`)).data;
    const evidence = objectsIn(detail).find((o) => typeof o.fileId === "string" && typeof o.id === "string");
    const thread = dossierId ? ((await (await client.get(`/fils/${dossierId}/${code}`)).json()) as unknown) : null;
    const organisationId = [...objectsIn(detail), ...objectsIn(thread)].find((o) => typeof o.organisationId === "string")
      ?.organisationId as string | undefined;
    if (profile && dossierId && evidence) {
      return {
        slug,
        organisationId: organisationId ?? "",
        siret: (profile.siret as string).trim(),
        dossierId,
        code,
        evidenceId: evidence.id as string,
        fileId: evidence.fileId as string,
      };
    }
  }
  // Circuit court (Alsace): proofs are exempted; its certificate is the OF's file funders read.
  const certificate = objectsIn((await loaderData(client, "/organisme/circuit-court")).data).find((o) => typeof o.fileId === "string");
  if (profile && dossierId && certificate) {
    return {
      slug,
      organisationId: "",
      siret: (profile.siret as string).trim(),
      dossierId,
      code: codes[0]!,
      evidenceId: "",
      fileId: certificate.fileId as string,
    };
  }
  throw new Error(`could not discover the demo ids of of-${slug}`);
}

describe("access: every door agrees, for every demo account and resource", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  const ofs: DemoOf[] = [];
  const clients = new Map<string, HttpClient>();
  const sockets: LiveClient[] = [];
  let apiKeyA = "";

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    for (const account of ACCOUNTS) clients.set(account.email, await login(server.url, account.email));
    for (const slug of OFS) ofs.push(await discover(clients.get(`contact@of-${slug}.demo`)!, slug));
    for (const of of ofs.filter((o) => !o.organisationId && !DRAFTS.has(o.slug))) {
      of.organisationId = (await examinationPage(clients.get("alice@financeur-a.demo")!, of.dossierId)).organisationId;
    }
    const created = await clients
      .get("admin@financeur-a.demo")!
      .postForm("/financeur/api", { intent: "create-key", name: "doors", scope: "read" });
    apiKeyA = /dd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/.exec(await created.text())?.[0] ?? "";
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await database?.close();
  });

  const seesDossier = (account: (typeof ACCOUNTS)[number], of: DemoOf) =>
    account.side === "of" ? account.of === of.slug : !DRAFTS.has(of.slug);
  const seesOrganisation = (account: (typeof ACCOUNTS)[number], of: DemoOf) => (account.side === "of" ? account.of === of.slug : true);

  it("finds each OF's ids and an API key (the matrix below is not empty)", () => {
    expect(ofs.map((o) => o.slug)).toEqual(OFS);
    expect(apiKeyA).toMatch(/^dd_/);
  });

  for (const account of ACCOUNTS) {
    it(`${account.email}: portal pages, downloads, socket.io and Yjs give the rule's answer`, async () => {
      const client = clients.get(account.email)!;
      const socket = connectLive(server.url, client.cookieHeader());
      sockets.push(socket);
      await connected(socket);
      const cookie = client.cookieHeader();
      const answers: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const of of ofs) {
        const dossier = seesDossier(account, of);
        const organisation = seesOrganisation(account, of);
        const collabDossier = account.side !== "of" && dossier;
        const collabOrganisation = account.side !== "of";
        const key = (door: string) => `${of.slug} ${door}`;

        // Dossier: the funders' examination page, or for OF staff their own dossier page.
        if (account.side === "of") {
          const own = JSON.stringify((await loaderData(client, "/organisme/dossier")).data);
          answers[key("dossier page")] = own.includes(of.dossierId);
        } else {
          answers[key("dossier page")] = (await client.get(`/financeur/examens/${of.dossierId}`)).status === 200;
        }
        expected[key("dossier page")] = dossier;
        answers[key("thread page")] = (await client.get(`/fils/${of.dossierId}/${of.code}`)).status === 200;
        expected[key("thread page")] = dossier;
        answers[key("file download")] = (await client.get(`/fichiers/${of.fileId}`)).status === 200;
        expected[key("file download")] = dossier;
        answers[key("dossier room")] = await socketDoor(socket, "dossier:join", of.dossierId);
        expected[key("dossier room")] = dossier ? "ok" : "forbidden";
        answers[key("threads room")] = await socketDoor(socket, "threads:watch", of.dossierId);
        expected[key("threads room")] = dossier ? "ok" : "forbidden";
        answers[key("review notes (Yjs)")] = await collabDoor(server.url, dossierReviewDocument(of.dossierId), cookie);
        expected[key("review notes (Yjs)")] = collabDossier ? "synced" : 4403;
        if (of.evidenceId) {
          answers[key("annotations (Yjs)")] = await collabDoor(server.url, evidenceAnnotationsDocument(of.evidenceId), cookie);
          expected[key("annotations (Yjs)")] = collabDossier ? "synced" : 4403;
        }

        if (!of.organisationId) continue;
        // Organisation: the funders' page on the OF, or for OF staff their own profile.
        if (account.side === "of") {
          const own = JSON.stringify((await loaderData(client, "/organisme/profil")).data);
          answers[key("organisation page")] = own.includes(of.siret);
        } else {
          answers[key("organisation page")] = (await client.get(`/financeur/organismes/${of.organisationId}`)).status === 200;
        }
        expected[key("organisation page")] = organisation;
        answers[key("organisation room")] = await socketDoor(socket, "organisation:join", of.organisationId);
        expected[key("organisation room")] = organisation ? "ok" : "forbidden";
        answers[key("funder notes (Yjs)")] = await collabDoor(server.url, organisationFunderNotesDocument(of.organisationId), cookie);
        expected[key("funder notes (Yjs)")] = collabOrganisation ? "synced" : 4403;
      }
      expect(answers).toEqual(expected);
    }, 120_000);
  }

  it("the API (a funder's key) agrees with the funders' pages on every OF", async () => {
    const answers: Record<string, number> = {};
    for (const of of ofs) {
      for (const path of [`/api/v1/organisations/${of.siret}`, `/api/v1/organisations/${of.siret}/decisions`]) {
        answers[`${of.slug} ${path.endsWith("decisions") ? "decisions" : "organisation"}`] = (
          await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${apiKeyA}` } })
        ).status;
      }
    }
    expect(answers).toEqual(
      Object.fromEntries(
        ofs.flatMap((of) => [
          [`${of.slug} organisation`, 200],
          [`${of.slug} decisions`, 200],
        ]),
      ),
    );
  });
});
