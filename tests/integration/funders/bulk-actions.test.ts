import type { AppLoadContext } from "@remix-run/node";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeReferentiel } from "../../factories/records";
import type { Actor } from "../../../domain/permissions/actor";
import { startBulkJob, type BulkJobView } from "../../../domain/bulk/bulk-jobs.service";
import { claimBulkJob, renewBulkJobClaim } from "../../../domain/bulk/bulk-jobs.queries";
import { listFunderLabels } from "../../../domain/labels/funder-labels.service";
import { searchDirectory } from "../../../domain/organisations/directory.queries";
import { listQueue } from "../../../domain/examination/queue";
import { startBulkJobRunner } from "../../../server/jobs/bulk-job-runner";
import * as queuePage from "../../../app/routes/financeur.examens._index";
import * as directoryPage from "../../../app/routes/financeur.organismes._index";
import * as jobRoute from "../../../app/routes/financeur.traitements.$jobId";

type Handler = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>;
const logger = pino({ level: "silent" });

/**
 * Bulk actions as jobs (issue 15.3, decision record 043), on PGlite and on PostgreSQL (DATABASE_URL):
 * through the queue's and the directory's actions, a job run once with two runners on one database,
 * and each row authorised on its own.
 */
describe("bulk actions", () => {
  let t: TestDatabase;
  /** A second instance's connection pool to the same database (PostgreSQL); PGlite has one connection. */
  let second: Kysely<Database>;
  let ref: MadeReferentiel;
  let admin: Actor;
  let reviewer: Actor;
  let bruno: Actor;
  let coordinator: Actor;

  beforeAll(async () => {
    t = await createTestDatabase();
    second = t.url
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 5 }) }) })
      : t.db;
    ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer", "funder_reviewer"]);
    admin = funder.users[0]!.actor;
    reviewer = funder.users[1]!.actor;
    bruno = funder.users[2]!.actor;
    coordinator = (await makeOrganisation(t.db, "coordination", ["coordinator"])).users[0]!.actor;
  });
  afterAll(async () => {
    if (second !== t?.db) await second?.destroy();
    await t?.close();
  });

  /** `n` OFs of `region`, each with a dossier (submitted by default). */
  async function dossiersIn(region: string, n: number, status: "soumis" | "brouillon" | "en_examen" = "soumis") {
    const made: { organisationId: string; dossierId: string }[] = [];
    for (let i = 0; i < n; i++) {
      const of = await makeOrganisation(t.db, "of", ["of_admin"], { region, name: `${region} ${i}` });
      const dossier = await makeDossier(t.db, of, ref, { status, examinerId: status === "en_examen" ? reviewer.userId : null });
      made.push({ organisationId: of.id, dossierId: dossier.id });
    }
    return made;
  }

  async function post(route: { action: unknown }, path: string, actor: Actor, fields: ReadonlyArray<readonly [string, string]>) {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    const request = new Request(`http://localhost${path}`, { method: "POST", body });
    return (route.action as Handler)({ request, params: {}, context: testLoadContext({ db: t.db, actor }) });
  }

  async function jobView(actor: Actor, jobId: string): Promise<BulkJobView> {
    const request = new Request(`http://localhost/financeur/traitements/${jobId}`);
    const response = (await (jobRoute.loader as Handler)({
      request,
      params: { jobId },
      context: testLoadContext({ db: t.db, actor }),
    })) as Response;
    return (await response.json()) as BulkJobView;
  }

  const jobIdOf = (response: unknown) => {
    expect(response).toBeInstanceOf(Response);
    const location = (response as Response).headers.get("location") ?? "";
    const jobId = new URL(location, "http://localhost").searchParams.get("traitement");
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    return jobId!;
  };

  it("assigns the twenty dossiers of a filter to an examiner, through the queue's action, with progress to the end", async () => {
    const dossiers = await dossiersIn("Vingt", 20);
    const response = await post(queuePage, "/financeur/examens?region=Vingt&page=1", admin, [
      ["intent", "bulk"],
      ["action", "assign"],
      ["examinerId", bruno.userId],
      ["scope", "all"],
    ]);
    const jobId = jobIdOf(response);
    expect((response as Response).headers.get("location")).not.toContain("page=");
    expect(await jobView(admin, jobId)).toMatchObject({ status: "queued", total: 20, done: 0, skipped: 0 });

    const progress: { view: BulkJobView; to: string }[] = [];
    const runner = startBulkJobRunner(t.db, {
      instanceId: "instance-a",
      logger,
      timer: false,
      batchSize: 6,
      onProgress: (view, to) => progress.push({ view, to }),
    });
    expect(await runner.runDue()).toBe(1);
    await runner.stop();

    // After each batch (6, 12, 18, 20) and at the end, to the requester.
    expect(progress.map((p) => p.view.done)).toEqual([6, 12, 18, 20, 20]);
    expect(new Set(progress.map((p) => p.to))).toEqual(new Set([admin.userId]));
    expect(progress.at(-1)!.view).toMatchObject({ status: "done", total: 20, done: 20, skipped: 0, reasons: [] });
    expect(await jobView(admin, jobId)).toMatchObject({ status: "done", done: 20, skipped: 0 });

    const rows = await t.db
      .selectFrom("dossiers")
      .select(["status", "examiner_id"])
      .where(
        "id",
        "in",
        dossiers.map((d) => d.dossierId),
      )
      .execute();
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.status === "en_examen" && r.examiner_id === bruno.userId)).toBe(true);

    // The page shows the job to its requester only; the JSON route answers 404 to anyone else.
    const page = (await (queuePage.loader as Handler)({
      request: new Request(`http://localhost/financeur/examens?traitement=${jobId}`),
      params: {},
      context: testLoadContext({ db: t.db, actor: admin }),
    })) as { job: BulkJobView | null };
    expect(page.job).toMatchObject({ id: jobId, status: "done", done: 20 });
    await expect(jobView(reviewer, jobId)).rejects.toMatchObject({ init: { status: 404 } });
  });

  it("runs a job once with two runners on the same database", async () => {
    const jobs: string[] = [];
    const all: string[] = [];
    for (const region of ["Deux-A", "Deux-B", "Deux-C", "Deux-D"]) {
      const dossiers = await dossiersIn(region, 8);
      all.push(...dossiers.map((d) => d.dossierId));
      jobs.push(
        await startBulkJob(
          t.db,
          admin,
          { intent: "bulk", action: "assign", examinerId: bruno.userId, scope: "selection", id: [] },
          { target: "dossier", scope: "all", ids: [], filters: { region } },
        ),
      );
    }
    // Two instances, each with its own runner and connections, start at the same moment.
    const a = startBulkJobRunner(t.db, { instanceId: "instance-a", logger, timer: false, batchSize: 3 });
    const b = startBulkJobRunner(second, { instanceId: "instance-b", logger, timer: false, batchSize: 3 });
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(ranA + ranB).toBe(4);

    const rows = await t.db.selectFrom("bulk_jobs").select(["id", "status", "done_count", "claimed_by"]).where("id", "in", jobs).execute();
    expect(rows.map((r) => [r.status, r.done_count])).toEqual(jobs.map(() => ["done", 8]));
    expect(rows.every((r) => r.claimed_by === "instance-a" || r.claimed_by === "instance-b")).toBe(true);
    // Each dossier assigned once: one assignment event each, never two.
    const events = await t.db
      .selectFrom("dossier_events")
      .select(["dossier_id", (eb) => eb.fn.countAll<string>().as("n")])
      .where("kind", "=", "examination.assigned")
      .where("dossier_id", "in", all)
      .groupBy("dossier_id")
      .execute();
    expect(events).toHaveLength(all.length);
    expect(events.every((e) => Number(e.n) === 1)).toBe(true);
  });

  it("leaves a claimed job to its instance, and takes it over once the lease ran out", async () => {
    const dossiers = await dossiersIn("Relais", 5);
    const jobId = await startBulkJob(
      t.db,
      admin,
      { intent: "bulk", action: "take", scope: "selection", id: [] },
      { target: "dossier", scope: "selection", ids: dossiers.map((d) => d.dossierId), filters: {} },
    );

    expect((await claimBulkJob(t.db, "instance-a", 60_000))?.id).toBe(jobId);
    // Instance B, on its own connections: the job is running under A's fresh lease.
    expect(await claimBulkJob(second, "instance-b", 60_000)).toBeUndefined();
    const b = startBulkJobRunner(second, { instanceId: "instance-b", logger, timer: false });
    expect(await b.runDue()).toBe(0);

    // A dies without renewing: past the lease, B takes the job over and runs it; A has lost it.
    await t.db
      .updateTable("bulk_jobs")
      .set({ claimed_at: new Date(Date.now() - 120_000) })
      .where("id", "=", jobId)
      .execute();
    expect(await b.runDue()).toBe(1);
    await b.stop();
    expect(await renewBulkJobClaim(t.db, jobId, "instance-a")).toBe(false);
    const job = await t.db.selectFrom("bulk_jobs").selectAll().where("id", "=", jobId).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "done", claimed_by: "instance-b", done_count: 5, skipped_count: 0 });
  });

  it("checks every row through the policy and says why rows were skipped", async () => {
    const [open] = await dossiersIn("Refus", 1);
    const [takenByOther] = await dossiersIn("Refus", 1, "en_examen");
    const [draft] = await dossiersIn("Refus", 1, "brouillon");
    const [mine] = await dossiersIn("Refus", 1);
    await t.db.updateTable("dossiers").set({ status: "en_examen", examiner_id: bruno.userId }).where("id", "=", mine!.dossierId).execute();
    const unknown = "00000000-0000-4000-8000-000000000000";

    // Bruno takes five rows; a forged draft id and an unknown one are among them.
    const response = await post(queuePage, "/financeur/examens", bruno, [
      ["intent", "bulk"],
      ["action", "take"],
      ...[open!, takenByOther!, draft!, mine!].map((d) => ["id", d.dossierId] as const),
      ["id", unknown],
    ]);
    const jobId = jobIdOf(response);
    const runner = startBulkJobRunner(t.db, { instanceId: "instance-a", logger, timer: false });
    await runner.runDue();
    const view = await jobView(bruno, jobId);
    expect(view).toMatchObject({ status: "done", total: 5, done: 1, skipped: 4 });
    expect(Object.fromEntries(view.reasons.map((r) => [r.reason, r.count]))).toEqual({ status: 1, forbidden: 1, already: 1, not_found: 1 });
    const draftRow = await t.db.selectFrom("dossiers").select("status").where("id", "=", draft!.dossierId).executeTakeFirstOrThrow();
    expect(draftRow.status).toBe("brouillon");

    // A reviewer may not assign: refused before any job, in the form.
    const refused = (await post(queuePage, "/financeur/examens", reviewer, [
      ["intent", "bulk"],
      ["action", "assign"],
      ["examinerId", bruno.userId],
      ["id", open!.dossierId],
    ])) as { init: { status: number }; data: { refusedWith: string } };
    expect(refused.init.status).toBe(403);
    expect(refused.data.refusedWith).toBe("errors.forbidden");
    // Nothing ticked, or an examiner who is not a funder's member: refused in the form too.
    for (const [fields, key] of [
      [[["action", "take"]], "bulk.selection.empty"],
      [
        [
          ["action", "assign"],
          ["examinerId", coordinator.userId],
          ["id", open!.dossierId],
        ],
        "errors.validation",
      ],
    ] as const) {
      const reply = (await post(queuePage, "/financeur/examens", admin, [["intent", "bulk"], ...fields])) as {
        init: { status: number };
        data: { refusedWith: string };
      };
      expect(reply.init.status).toBe(400);
      expect(reply.data.refusedWith).toBe(key);
    }

    // A right removed after the request: the rows still to do are refused, none is done.
    const later = await dossiersIn("Retrait", 3);
    const laterResponse = await post(queuePage, "/financeur/examens?region=Retrait", admin, [
      ["intent", "bulk"],
      ["action", "assign"],
      ["examinerId", bruno.userId],
      ["scope", "all"],
    ]);
    const laterJob = jobIdOf(laterResponse);
    await t.db.updateTable("memberships").set({ role: "funder_reviewer" }).where("user_id", "=", admin.userId).execute();
    await runner.runDue();
    await runner.stop();
    await t.db.updateTable("memberships").set({ role: "funder_admin" }).where("user_id", "=", admin.userId).execute();
    expect(await jobView(admin, laterJob)).toMatchObject({ done: 0, skipped: 3, reasons: [{ reason: "forbidden", count: 3 }] });
    const untouched = await t.db
      .selectFrom("dossiers")
      .select("status")
      .where(
        "id",
        "in",
        later.map((d) => d.dossierId),
      )
      .execute();
    expect(untouched.every((r) => r.status === "soumis")).toBe(true);
  });

  it("labels the OFs ticked in the directory, which its label filter then finds, and acts on an OF's latest dossier", async () => {
    const ofs = await dossiersIn("Annuaire", 3);
    const noDossier = await makeOrganisation(t.db, "of", ["of_admin"], { region: "Annuaire", name: "Annuaire sans dossier" });
    const response = await post(directoryPage, "/financeur/organismes?region=Annuaire", reviewer, [
      ["intent", "bulk"],
      ["action", "label"],
      ["labelName", "  Prioritaire "],
      ["id", ofs[0]!.organisationId],
      ["id", ofs[1]!.organisationId],
    ]);
    const runner = startBulkJobRunner(t.db, { instanceId: "instance-a", logger, timer: false });
    await runner.runDue();
    expect(await jobView(reviewer, jobIdOf(response))).toMatchObject({ status: "done", done: 2, skipped: 0 });
    const [label] = (await listFunderLabels(t.db, reviewer)).filter((l) => l.name === "Prioritaire");
    expect(label).toBeDefined();
    const found = await searchDirectory(t.db, { funderLabelId: label!.id });
    expect(found.rows.map((r) => r.id).sort()).toEqual([ofs[0]!.organisationId, ofs[1]!.organisationId].sort());
    expect((await listQueue(t.db, { labelId: label!.id })).rows).toEqual([]);

    // "Take" on every OF of the filter: their latest dossiers; the OF without one is skipped with its reason.
    const take = await post(directoryPage, "/financeur/organismes?region=Annuaire", reviewer, [
      ["intent", "bulk"],
      ["action", "take"],
      ["scope", "all"],
    ]);
    await runner.runDue();
    await runner.stop();
    expect(await jobView(reviewer, jobIdOf(take))).toMatchObject({
      total: 4,
      done: 3,
      skipped: 1,
      reasons: [{ reason: "no_dossier", count: 1 }],
    });
    const taken = await t.db
      .selectFrom("dossiers")
      .select("examiner_id")
      .where(
        "organisation_id",
        "in",
        ofs.map((o) => o.organisationId),
      )
      .execute();
    expect(taken.every((d) => d.examiner_id === reviewer.userId)).toBe(true);
    const skipped = await t.db
      .selectFrom("bulk_job_items")
      .select("target_id")
      .where("job_id", "=", jobIdOf(take))
      .where("outcome", "=", "skipped")
      .execute();
    expect(skipped.map((r) => r.target_id)).toEqual([noDossier.id]);
  });
});
