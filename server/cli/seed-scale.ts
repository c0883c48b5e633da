import { sql, type Kysely } from "kysely";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { readEnv } from "../config/env";

/**
 * `npm run seed:scale [count]`: national-scale data for the reporting benchmark: 60,000 OFs (default)
 * with a dossier each, answers to every indicator, current reviews and their history, spread
 * over two years and the regions, examined by a pool of funder reviewers. Idempotent: OFs already
 * made by a previous run (SIRET prefix 8) are counted and only the rest is added. Batches of 2,000.
 * The reporting rollups are kept by triggers as the batches are written. On PGlite, DATA_DIR is created.
 */
const TOTAL = Number(process.argv[2] ?? 60_000);
const BATCH = 2_000;
const REGIONS = [
  "Auvergne-Rhône-Alpes",
  "Bourgogne-Franche-Comté",
  "Bretagne",
  "Centre-Val de Loire",
  "Corse",
  "Grand Est",
  "Hauts-de-France",
  "Île-de-France",
  "Normandie",
  "Nouvelle-Aquitaine",
  "Occitanie",
  "Pays de la Loire",
  "Provence-Alpes-Côte d'Azur",
  "Guadeloupe",
  "Martinique",
  "Guyane",
  "La Réunion",
  "Mayotte",
];

async function referentielVersion(db: Kysely<Database>): Promise<string> {
  const existing = await db
    .selectFrom("referentiel_versions")
    .select("id")
    .where("status", "=", "published")
    .orderBy("created_at")
    .executeTakeFirst();
  if (existing) return existing.id;
  const ref = await db
    .insertInto("referentiels")
    .values({ key: "scale", name: "Référentiel (échelle)", is_open: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const v = await db
    .insertInto("referentiel_versions")
    .values({ referentiel_id: ref.id, version: 1, status: "published", published_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let c = 1; c <= 6; c++) {
    const cr = await db
      .insertInto("criteria")
      .values({ version_id: v.id, number: c, title: `Critère ${c}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= 4; i++) {
      await db
        .insertInto("indicators")
        .values({
          version_id: v.id,
          criterion_id: cr.id,
          code: `${c}.${i}`,
          position: c * 10 + i,
          title: `Indicateur ${c}.${i}`,
          verified: true,
        })
        .execute();
    }
  }
  return v.id;
}

async function examiners(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select("memberships.user_id")
    .where("organisations.kind", "=", "funder")
    .execute();
  if (rows.length >= 5) return rows.map((r) => r.user_id);
  const funder = await db
    .insertInto("organisations")
    .values({ kind: "funder", name: "Financeur (échelle)" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const u = await db
      .insertInto("users")
      .values({ email: `examinateur${i}@echelle.demo`, full_name: `Examinateur ${i}` })
      .onConflict((oc) => oc.column("email").doUpdateSet({ full_name: `Examinateur ${i}` }))
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("memberships").values({ user_id: u.id, organisation_id: funder.id, role: "funder_reviewer" }).execute();
    ids.push(u.id);
  }
  return ids;
}

async function seedBatch(db: Kysely<Database>, from: number, to: number, versionId: string, examinerIds: string[]) {
  await db.transaction().execute(async (trx) => {
    await sql`
      with orgs as (
        insert into organisations (kind, name, siret, siren, nda, region, city, created_at, updated_at)
        select 'of', 'Organisme ' || g, '8' || lpad(g::text, 13, '0'), '8' || lpad((g % 100000000)::text, 8, '0'),
               '9' || lpad(g::text, 10, '0'), (${sql.val(REGIONS)}::text[])[1 + (g % ${REGIONS.length})], 'Ville ' || (g % 500),
               now() - interval '3 years', now() - (random() * interval '700 days')
        from generate_series(${from}::int, ${to - 1}::int) g
        returning id, updated_at
      ), pick as (
        select id, updated_at, random() as r, now() - (random() * interval '720 days') as submitted from orgs
      )
      insert into dossiers (organisation_id, referentiel_version_id, status, submitted_at, decided_at, examiner_id, created_at, updated_at)
      select id, ${versionId}::uuid,
        case when r < 0.70 then 'datadocke' when r < 0.78 then 'non_conforme' when r < 0.85 then 'a_completer'
             when r < 0.90 then 'soumis' when r < 0.95 then 'en_examen' else 'brouillon' end,
        case when r < 0.95 then submitted end,
        case when r < 0.85 then submitted + (1 + random() * 60) * interval '1 day' end,
        case when r < 0.95 and r >= 0.90 or r < 0.85 then (${sql.val(examinerIds)}::uuid[])[1 + floor(random() * ${examinerIds.length})::int] end,
        submitted - interval '10 days', updated_at
      from pick`.execute(trx);
    await sql`
      insert into indicator_answers (dossier_id, indicator_id, description, version, updated_at)
      select d.id, i.id, 'Description de la pratique pour ' || i.code, 1 + (random() < 0.1)::int, coalesce(d.submitted_at, now())
      from dossiers d join organisations o on o.id = d.organisation_id
      cross join indicators i
      where i.version_id = ${versionId}::uuid and o.siret between ${"8" + String(from).padStart(13, "0")} and ${"8" + String(to - 1).padStart(13, "0")}`.execute(
      trx,
    );
    await sql`
      insert into indicator_reviews (dossier_id, indicator_id, decision, reason, decided_by, decided_at, answer_version)
      select a.dossier_id, a.indicator_id, x.decision, case when x.decision = 'valide' then null else 'Preuve insuffisante' end,
             d.examiner_id, d.decided_at, a.version
      from indicator_answers a
      join dossiers d on d.id = a.dossier_id
      join organisations o on o.id = d.organisation_id
      cross join lateral (select case
        when d.status = 'non_conforme' and random() < 0.15 then 'non_conforme'
        when d.status = 'a_completer' and random() < 0.2 then 'a_completer'
        else 'valide' end as decision) x
      where d.decided_at is not null and o.siret between ${"8" + String(from).padStart(13, "0")} and ${"8" + String(to - 1).padStart(13, "0")}`.execute(
      trx,
    );
    // The open stage of each submitted or examined dossier, as the delay rules would have set it (decision 045:
    // taking 5 working days, first decision 20; a dossier à compléter waits for the OF, whose answer opens the next),
    // in calendar days (working days × 7/5), started within the last 40 days: the queue's "en retard"
    // and "bientôt dû" at national scale.
    await sql`
      insert into dossier_deadlines (dossier_id, stage, started_at, due_on, examiner_id)
      select d.id, s.stage, s.started, (s.started + s.days * interval '1 day')::date, d.examiner_id
      from dossiers d join organisations o on o.id = d.organisation_id
      cross join lateral (select case d.status when 'soumis' then 'take' else 'decision' end as stage,
                                 now() - random() * interval '40 days' as started,
                                 case d.status when 'soumis' then 7 else 28 end as days) s
      where d.status in ('soumis', 'en_examen')
        and o.siret between ${"8" + String(from).padStart(13, "0")} and ${"8" + String(to - 1).padStart(13, "0")}`.execute(trx);
    await sql`
      insert into indicator_review_history (dossier_id, indicator_id, decision, previous_decision, reason, decided_by, created_at)
      select r.dossier_id, r.indicator_id, r.decision, null, r.reason, r.decided_by, r.decided_at
      from indicator_reviews r join dossiers d on d.id = r.dossier_id join organisations o on o.id = d.organisation_id
      where o.siret between ${"8" + String(from).padStart(13, "0")} and ${"8" + String(to - 1).padStart(13, "0")}`.execute(trx);
  });
}

async function main() {
  const env = readEnv();
  if (!env.DATABASE_URL) mkdirSync(env.DATA_DIR, { recursive: true });
  const database = createDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: join(env.DATA_DIR, "pglite") });
  const db = database.db;
  await migrateToLatest(db);
  const versionId = await referentielVersion(db);
  const examinerIds = await examiners(db);
  const existing = await db
    .selectFrom("organisations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("kind", "=", "of")
    .where("siret", "like", "8%")
    .executeTakeFirstOrThrow();
  const start = Number(existing.n) + 1;
  const started = Date.now();
  for (let from = start; from <= TOTAL; from += BATCH) {
    const to = Math.min(from + BATCH, TOTAL + 1);
    await seedBatch(db, from, to, versionId, examinerIds);
    const rate = Math.round((to - start) / ((Date.now() - started) / 1000));
    console.log(`seed:scale ${to - 1}/${TOTAL} OFs (${rate}/s)`);
  }
  // The reporting rollups are filled by their triggers in each batch's transaction (decision record 013).
  const rollups = await sql<{ reviews: string; weeks: string; statuses: string }>`
    select (select count(*) from report_review_weeks) as reviews, (select count(*) from report_dossier_weeks) as weeks,
           (select count(*) from report_status_counts) as statuses`.execute(db);
  const r = rollups.rows[0]!;
  console.log(`seed:scale reporting rollups: ${r.reviews} review-week rows, ${r.weeks} dossier-week rows, ${r.statuses} status rows`);
  // Vacuum too, as autovacuum would have by the time a benchmark runs: the visibility map (index-only
  // scans) and the trigram index's pending list merged (else every search reads it, decision record 049).
  console.log("seed:scale vacuum analyse…");
  await sql`vacuum analyze`.execute(db);
  console.log(`seed:scale done in ${Math.round((Date.now() - started) / 1000)} s`);
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
