import { sql, type Kysely } from "kysely";

// Frozen. Pre-aggregated counts for the funders' reporting dashboard at national scale
// (decision record 013), kept exact by SQL triggers in the writing transaction:
// - report_status_counts: dossiers by region × référentiel version × status;
// - report_dossier_weeks: submissions and decisions per UTC week × region × version × scope;
// - report_review_weeks (and _all, without the region) / report_review_days: current indicator
//   reviews (total, rejected) per UTC week / day of decided_at × indicator × region × version × scope.
// scope_id is the nil UUID for "every funder", else an organisation the dossier's examiner is a
// member of (the dashboard's funder filter). Every figure is a function of the current rows of
// dossiers, organisations (region), memberships and indicator_reviews; each trigger adds
// "contribution after − contribution before" for the rows its statement changed. The counters
// leave room in their pages (fillfactor 70) so increments are HOT updates.

const NIL = "00000000-0000-0000-0000-000000000000";

/**
 * The review rollups: per UTC week with and without the region (the national view reads a few
 * thousand rows), and per UTC day with the region (the days of the partial weeks of a period).
 */
const weekOf = (ts: string) => `report_week(${ts})`;
const dayOf = (ts: string) => `(${ts} at time zone 'UTC')::date`;
const reviewGrains = [
  {
    table: "report_review_weeks",
    column: "week",
    of: weekOf,
    region: true,
    key: "scope_id, region, week, referentiel_version_id, indicator_id",
  },
  {
    table: "report_review_weeks_all",
    column: "week",
    of: weekOf,
    region: false,
    key: "scope_id, week, referentiel_version_id, indicator_id",
  },
  {
    table: "report_review_days",
    column: "day",
    of: dayOf,
    region: true,
    key: "scope_id, day, region, referentiel_version_id, indicator_id",
  },
];

/** The upsert of one review grain from rows exposing scope, decided_at, region, version, indicator, decision and sign. */
function reviewUpsert(
  g: (typeof reviewGrains)[number],
  e: { scope: string; decidedAt: string; region: string; version: string; indicator: string; decision: string; sign: string },
  from: string,
) {
  const cols = ["scope_id", g.column, ...(g.region ? ["region"] : []), "referentiel_version_id", "indicator_id"];
  const values = [e.scope, g.of(e.decidedAt), ...(g.region ? [e.region] : []), e.version, e.indicator];
  const groups = cols.map((_, i) => i + 1).join(", ");
  const rejected = `sum(${e.sign} * (${e.decision} <> 'valide')::int)`;
  return `
      insert into ${g.table} as t (${cols.join(", ")}, total, rejected)
        select ${values.join(", ")}, sum(${e.sign}), ${rejected}
        ${from}
        group by ${groups} having sum(${e.sign}) <> 0 or ${rejected} <> 0 order by ${groups}
      on conflict on constraint ${g.table}_key do update set total = t.total + excluded.total, rejected = t.rejected + excluded.rejected;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index dossiers_submitted on dossiers (submitted_at)`.execute(db);
  await sql`create index dossiers_decided_cover on dossiers (decided_at) include (submitted_at, examiner_id, status, referentiel_version_id, organisation_id)`.execute(
    db,
  );
  await sql`create index indicator_reviews_decided on indicator_reviews (decided_at)`.execute(db);
  await sql`create index organisations_region on organisations (region)`.execute(db);
  await sql`create index dossiers_examiner on dossiers (examiner_id)`.execute(db);

  await sql`
    create table report_status_counts (
      region text,
      referentiel_version_id uuid not null,
      status text not null,
      n integer not null default 0,
      constraint report_status_counts_key unique nulls not distinct (region, referentiel_version_id, status)
    ) with (fillfactor = 70)`.execute(db);
  await sql`
    create table report_dossier_weeks (
      scope_id uuid not null,
      kind text not null check (kind in ('submitted', 'decided')),
      week date not null,
      region text,
      referentiel_version_id uuid not null,
      n integer not null default 0,
      constraint report_dossier_weeks_key unique nulls not distinct (scope_id, kind, week, region, referentiel_version_id)
    ) with (fillfactor = 70)`.execute(db);
  for (const g of reviewGrains) {
    await sql
      .raw(
        `
      create table ${g.table} (
        scope_id uuid not null,
        ${g.column} date not null,
        ${g.region ? "region text," : ""}
        referentiel_version_id uuid not null,
        indicator_id uuid not null,
        total integer not null default 0,
        rejected integer not null default 0,
        constraint ${g.table}_key unique nulls not distinct (${g.key})
      ) with (fillfactor = 70)`,
      )
      .execute(db);
  }

  await sql`
    create function report_week(ts timestamptz) returns date language sql immutable parallel safe
    as $$ select date_trunc('week', ts at time zone 'UTC')::date $$`.execute(db);

  await sql`
    create type report_fact as (
      dossier_id uuid, region text, referentiel_version_id uuid, status text,
      submitted_at timestamptz, decided_at timestamptz, examiner_id uuid
    )`.execute(db);
  await sql`
    create type report_review_fact as (dossier_id uuid, indicator_id uuid, decision text, decided_at timestamptz)`.execute(db);

  // Adds (new) and removes (old) the contributions of dossier states, reviews included. With
  // p_only_scope, only that funder scope's rows move (a membership came or went).
  const facts = `
    with x as (
      select x.sign, x.f, s.scope_id
      from (select -1 as sign, o as f from unnest(coalesce(p_old, '{}')) o
            union all select 1, n from unnest(coalesce(p_new, '{}')) n) x
      cross join lateral (
        select p_only_scope as scope_id where p_only_scope is not null
        union all select '${NIL}'::uuid where p_only_scope is null
        union all select m.organisation_id from memberships m
          where p_only_scope is null and (x.f).examiner_id is not null and m.user_id = (x.f).examiner_id
      ) s
    )`;
  await sql
    .raw(
      `
    create function report_apply_dossiers(p_old report_fact[], p_new report_fact[], p_only_scope uuid)
    returns void language plpgsql
    -- Plans per call, with the arrays' real sizes (a seed batch holds 48,000 reviews, a decision one).
    set plan_cache_mode = force_custom_plan set work_mem = '32MB'
    as $fn$
    begin
      if p_only_scope is null then
        insert into report_status_counts as t (region, referentiel_version_id, status, n)
          select (f).region, (f).referentiel_version_id, (f).status, sum(sign)
          from (select -1 as sign, o as f from unnest(coalesce(p_old, '{}')) o
                union all select 1, n from unnest(coalesce(p_new, '{}')) n) x
          group by 1, 2, 3 having sum(sign) <> 0 order by 1, 2, 3
        on conflict on constraint report_status_counts_key do update set n = t.n + excluded.n;
      end if;

      ${facts}
      insert into report_dossier_weeks as t (scope_id, kind, week, region, referentiel_version_id, n)
        select scope_id, kind, week, region, version, sum(sign) from (
          select scope_id, 'submitted' as kind, report_week((f).submitted_at) as week, (f).region as region, (f).referentiel_version_id as version, sign
            from x where scope_id = '${NIL}' and (f).submitted_at is not null
          union all
          select scope_id, 'decided', report_week((f).decided_at), (f).region, (f).referentiel_version_id, sign
            from x where (f).decided_at is not null
        ) c
        group by 1, 2, 3, 4, 5 having sum(sign) <> 0 order by 1, 2, 3, 4, 5
      on conflict on constraint report_dossier_weeks_key do update set n = t.n + excluded.n;

${reviewGrains
  .map(
    (g) => `
      ${facts}${reviewUpsert(
        g,
        {
          scope: "x.scope_id",
          decidedAt: "r.decided_at",
          region: "(x.f).region",
          version: "(x.f).referentiel_version_id",
          indicator: "r.indicator_id",
          decision: "r.decision",
          sign: "x.sign",
        },
        "from x join indicator_reviews r on r.dossier_id = (x.f).dossier_id",
      )}`,
  )
  .join("\n")}
    end
    $fn$`,
    )
    .execute(db);

  // Adds (new) and removes (old) review rows, placed by their dossier's current state. Reviews of a
  // dossier that no longer exists (cascade) contribute nothing: the dossier's own trigger removed them.
  await sql
    .raw(
      `
    create function report_apply_reviews(p_old report_review_fact[], p_new report_review_fact[])
    returns void language plpgsql
    -- Plans per call, with the arrays' real sizes (a seed batch holds 48,000 reviews, a decision one).
    set plan_cache_mode = force_custom_plan set work_mem = '32MB'
    as $fn$
    begin${reviewGrains
      .map((g) =>
        reviewUpsert(
          g,
          {
            scope: "s.scope_id",
            decidedAt: "x.decided_at",
            region: "o.region",
            version: "d.referentiel_version_id",
            indicator: "x.indicator_id",
            decision: "x.decision",
            sign: "x.sign",
          },
          `from (select -1 as sign, * from unnest(coalesce(p_old, '{}'))
              union all select 1, * from unnest(coalesce(p_new, '{}'))) x
        join dossiers d on d.id = x.dossier_id
        join organisations o on o.id = d.organisation_id
        cross join lateral (
          select '${NIL}'::uuid as scope_id
          union all select m.organisation_id from memberships m where d.examiner_id is not null and m.user_id = d.examiner_id
        ) s`,
        ),
      )
      .join("\n")}
    end
    $fn$`,
    )
    .execute(db);

  await sql
    .raw(
      `
    create function report_rebuild() returns void language plpgsql as $fn$
    begin
      delete from report_status_counts;
      delete from report_dossier_weeks;
${reviewGrains.map((g) => `      delete from ${g.table};`).join("\n")}
      perform report_apply_dossiers(null, array(
        select row(d.id, o.region, d.referentiel_version_id, d.status, d.submitted_at, d.decided_at, d.examiner_id)::report_fact
        from dossiers d join organisations o on o.id = d.organisation_id), null);
    end
    $fn$`,
    )
    .execute(db);

  // dossiers
  const dossierChanged = `(p.status, p.submitted_at, p.decided_at, p.examiner_id, p.referentiel_version_id, p.organisation_id)
    is distinct from (n.status, n.submitted_at, n.decided_at, n.examiner_id, n.referentiel_version_id, n.organisation_id)`;
  await sql
    .raw(
      `
    create function report_dossiers_inserted() returns trigger language plpgsql as $fn$
    begin
      perform report_apply_dossiers(null, array(
        select row(n.id, o.region, n.referentiel_version_id, n.status, n.submitted_at, n.decided_at, n.examiner_id)::report_fact
        from new_rows n join organisations o on o.id = n.organisation_id), null);
      return null;
    end
    $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `
    create function report_dossiers_updated() returns trigger language plpgsql as $fn$
    begin
      -- Only rows whose reported columns changed (a version bump or updated_at moves nothing).
      if not exists (select 1 from new_rows n join old_rows p on p.id = n.id where ${dossierChanged}) then return null; end if;
      perform report_apply_dossiers(
        array(select row(p.id, o.region, p.referentiel_version_id, p.status, p.submitted_at, p.decided_at, p.examiner_id)::report_fact
              from old_rows p join new_rows n on n.id = p.id join organisations o on o.id = p.organisation_id where ${dossierChanged}),
        array(select row(n.id, o.region, n.referentiel_version_id, n.status, n.submitted_at, n.decided_at, n.examiner_id)::report_fact
              from old_rows p join new_rows n on n.id = p.id join organisations o on o.id = n.organisation_id where ${dossierChanged}),
        null);
      return null;
    end
    $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `
    create function report_dossier_deleting() returns trigger language plpgsql as $fn$
    begin
      perform report_apply_dossiers(array(
        select row(old.id, o.region, old.referentiel_version_id, old.status, old.submitted_at, old.decided_at, old.examiner_id)::report_fact
        from organisations o where o.id = old.organisation_id), null, null);
      return old;
    end
    $fn$`,
    )
    .execute(db);
  await sql`create trigger report_dossiers_ins after insert on dossiers referencing new table as new_rows for each statement execute function report_dossiers_inserted()`.execute(
    db,
  );
  await sql`create trigger report_dossiers_upd after update on dossiers referencing old table as old_rows new table as new_rows for each statement execute function report_dossiers_updated()`.execute(
    db,
  );
  await sql`create trigger report_dossiers_del before delete on dossiers for each row execute function report_dossier_deleting()`.execute(
    db,
  );

  // indicator_reviews
  const reviewFacts = (rows: "old_rows" | "new_rows") =>
    `array(select row(r.dossier_id, r.indicator_id, r.decision, r.decided_at)::report_review_fact from ${rows} r)`;
  const reviewChanged =
    "(p.dossier_id, p.indicator_id, p.decision, p.decided_at) is distinct from (n.dossier_id, n.indicator_id, n.decision, n.decided_at)";
  await sql
    .raw(
      `
    create function report_reviews_inserted() returns trigger language plpgsql as $fn$
    begin perform report_apply_reviews(null, ${reviewFacts("new_rows")}); return null; end
    $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `
    create function report_reviews_deleted() returns trigger language plpgsql as $fn$
    begin perform report_apply_reviews(${reviewFacts("old_rows")}, null); return null; end
    $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `
    create function report_reviews_updated() returns trigger language plpgsql as $fn$
    begin
      if not exists (select 1 from new_rows n join old_rows p on p.id = n.id where ${reviewChanged}) then return null; end if;
      perform report_apply_reviews(
        array(select row(p.dossier_id, p.indicator_id, p.decision, p.decided_at)::report_review_fact
              from old_rows p join new_rows n on n.id = p.id where ${reviewChanged}),
        array(select row(n.dossier_id, n.indicator_id, n.decision, n.decided_at)::report_review_fact
              from old_rows p join new_rows n on n.id = p.id where ${reviewChanged}));
      return null;
    end
    $fn$`,
    )
    .execute(db);
  await sql`create trigger report_reviews_ins after insert on indicator_reviews referencing new table as new_rows for each statement execute function report_reviews_inserted()`.execute(
    db,
  );
  await sql`create trigger report_reviews_del after delete on indicator_reviews referencing old table as old_rows for each statement execute function report_reviews_deleted()`.execute(
    db,
  );
  await sql`create trigger report_reviews_upd after update on indicator_reviews referencing old table as old_rows new table as new_rows for each statement execute function report_reviews_updated()`.execute(
    db,
  );

  // organisations: a region change moves the organisation's dossiers; a deletion removes them first.
  await sql
    .raw(
      `
    create function report_organisations_updated() returns trigger language plpgsql as $fn$
    begin
      if not exists (select 1 from new_rows n join old_rows p on p.id = n.id where p.region is distinct from n.region) then return null; end if;
      perform report_apply_dossiers(
        array(select row(d.id, p.region, d.referentiel_version_id, d.status, d.submitted_at, d.decided_at, d.examiner_id)::report_fact
              from old_rows p join new_rows n on n.id = p.id join dossiers d on d.organisation_id = p.id where p.region is distinct from n.region),
        array(select row(d.id, n.region, d.referentiel_version_id, d.status, d.submitted_at, d.decided_at, d.examiner_id)::report_fact
              from old_rows p join new_rows n on n.id = p.id join dossiers d on d.organisation_id = n.id where p.region is distinct from n.region),
        null);
      return null;
    end
    $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `
    create function report_organisation_deleting() returns trigger language plpgsql as $fn$
    begin
      perform report_apply_dossiers(array(
        select row(d.id, old.region, d.referentiel_version_id, d.status, d.submitted_at, d.decided_at, d.examiner_id)::report_fact
        from dossiers d where d.organisation_id = old.id), null, null);
      return old;
    end
    $fn$`,
    )
    .execute(db);
  await sql`create trigger report_organisations_upd after update on organisations referencing old table as old_rows new table as new_rows for each statement execute function report_organisations_updated()`.execute(
    db,
  );
  await sql`create trigger report_organisations_del before delete on organisations for each row execute function report_organisation_deleting()`.execute(
    db,
  );

  // memberships: the examiner's dossiers enter or leave that organisation's funder scope.
  await sql
    .raw(
      `
    create function report_membership_changed() returns trigger language plpgsql as $fn$
    declare
      facts report_fact[];
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        facts := array(select row(d.id, o.region, d.referentiel_version_id, d.status, d.submitted_at, d.decided_at, d.examiner_id)::report_fact
                       from dossiers d join organisations o on o.id = d.organisation_id where d.examiner_id = old.user_id);
        perform report_apply_dossiers(facts, null, old.organisation_id);
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        facts := array(select row(d.id, o.region, d.referentiel_version_id, d.status, d.submitted_at, d.decided_at, d.examiner_id)::report_fact
                       from dossiers d join organisations o on o.id = d.organisation_id where d.examiner_id = new.user_id);
        perform report_apply_dossiers(null, facts, new.organisation_id);
      end if;
      return null;
    end
    $fn$`,
    )
    .execute(db);
  await sql`create trigger report_memberships_ins after insert on memberships for each row execute function report_membership_changed()`.execute(
    db,
  );
  await sql`create trigger report_memberships_del after delete on memberships for each row execute function report_membership_changed()`.execute(
    db,
  );
  await sql`create trigger report_memberships_upd after update of user_id, organisation_id on memberships for each row execute function report_membership_changed()`.execute(
    db,
  );

  // TRUNCATE (test resets, demo reseed) fires no row triggers: recompute from what is left.
  await sql
    .raw(
      `create function report_truncated() returns trigger language plpgsql as $fn$ begin perform report_rebuild(); return null; end $fn$`,
    )
    .execute(db);
  for (const table of ["dossiers", "indicator_reviews", "organisations", "memberships"]) {
    await sql
      .raw(`create trigger report_${table}_truncate after truncate on ${table} for each statement execute function report_truncated()`)
      .execute(db);
  }

  await sql`select report_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["dossiers", "indicator_reviews", "organisations", "memberships"]) {
    await sql.raw(`drop trigger if exists report_${table}_truncate on ${table}`).execute(db);
  }
  for (const [trigger, table] of [
    ["report_dossiers_ins", "dossiers"],
    ["report_dossiers_upd", "dossiers"],
    ["report_dossiers_del", "dossiers"],
    ["report_reviews_ins", "indicator_reviews"],
    ["report_reviews_del", "indicator_reviews"],
    ["report_reviews_upd", "indicator_reviews"],
    ["report_organisations_upd", "organisations"],
    ["report_organisations_del", "organisations"],
    ["report_memberships_ins", "memberships"],
    ["report_memberships_del", "memberships"],
    ["report_memberships_upd", "memberships"],
  ]) {
    await sql.raw(`drop trigger if exists ${trigger} on ${table}`).execute(db);
  }
  for (const fn of [
    "report_truncated()",
    "report_membership_changed()",
    "report_organisation_deleting()",
    "report_organisations_updated()",
    "report_reviews_updated()",
    "report_reviews_deleted()",
    "report_reviews_inserted()",
    "report_dossier_deleting()",
    "report_dossiers_updated()",
    "report_dossiers_inserted()",
    "report_rebuild()",
    "report_apply_reviews(report_review_fact[], report_review_fact[])",
    "report_apply_dossiers(report_fact[], report_fact[], uuid)",
    "report_week(timestamptz)",
  ]) {
    await sql.raw(`drop function if exists ${fn}`).execute(db);
  }
  await sql`drop type if exists report_review_fact`.execute(db);
  await sql`drop type if exists report_fact`.execute(db);
  for (const table of [...reviewGrains.map((g) => g.table), "report_dossier_weeks", "report_status_counts"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  for (const index of [
    "dossiers_examiner",
    "organisations_region",
    "indicator_reviews_decided",
    "dossiers_decided_cover",
    "dossiers_submitted",
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
}
