import { listActiveFunderMembers } from "../accounts/memberships.queries";
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import { QUEUE_STATUSES } from "../dossiers/status-machine";
import type { DelayStage, DueState } from "../delays/delay-rules";
import { dueStateOn, soonUntil } from "../delays/due-date";
import { dayKeyInParis } from "../i18n/format";

export interface QueueFilters {
  status?: DossierStatus;
  region?: string;
  referentielId?: string;
  /** Only dossiers waiting at least this many days since submission. */
  minWaitDays?: number;
  /** An examiner's user id, or "none" for unassigned dossiers. */
  examiner?: string;
  /** One of the funder's own labels (issue 15.4): the caller checked it is the actor's funder's (ownLabelId). */
  labelId?: string;
  /** Only these dossiers (a selection of rows exported, issue 15.3), still within the other filters. */
  ids?: readonly string[];
  /** Dossiers with a stage past its due day ("late"), or not late with one due within REMINDER_LEAD_DAYS ("soon"; decision record 045). */
  delay?: "late" | "soon";
  /** The Paris day the delays are judged on (default: today). */
  today?: string;
  /** "due": the earliest due day first (dossiers without one last). */
  sort?: "oldest" | "newest" | "due";
  /** An export: every row in one go (up to 100,000). */
  forExport?: boolean;
  limit?: number;
  offset?: number;
}

export interface QueueRow {
  dossierId: string;
  status: DossierStatus;
  organisationId: string;
  organisationName: string;
  siret: string | null;
  region: string | null;
  referentielName: string;
  submittedAt: Date | null;
  waitingDays: number;
  examinerId: string | null;
  examinerName: string | null;
  resubmitted: boolean;
  /** Indicators of a datadocké dossier whose update waits for a decision (decision record 038). */
  pendingUpdates: number;
  /** The dossier's earliest open stage and its due day (decision record 045); null when none is open. */
  dueStage: DelayStage | null;
  dueOn: string | null;
  dueState: DueState | null;
}

const PENDING_UPDATES = sql<number>`(select count(*)::int from answer_revisions r where r.dossier_id = dossiers.id and r.status = 'pending')`;
/** The earliest open stage of the dossier and its due day, as "stage:yyyy-mm-dd" (decision record 045). */
const NEXT_DUE = sql<
  string | null
>`(select dl.stage || ':' || dl.due_on::text from dossier_deadlines dl where dl.dossier_id = dossiers.id and dl.ended_at is null order by dl.due_on, dl.stage = 'take' desc limit 1)`;
const NEXT_DUE_DAY = sql`(select min(dl.due_on) from dossier_deadlines dl where dl.dossier_id = dossiers.id and dl.ended_at is null)`;

/** The dossier has an open stage (decision record 045) whose due day meets `condition` (on `dl.due_on`). */
const openDue = (condition: RawBuilder<unknown>) =>
  sql<boolean>`exists (select 1 from dossier_deadlines dl where dl.dossier_id = dossiers.id and dl.ended_at is null and ${condition})`;

/** The queue's dossiers matching the filters (no columns selected yet). */
function queueQuery(db: Executor, filters: QueueFilters) {
  let query = db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .innerJoin("referentiel_versions", "referentiel_versions.id", "dossiers.referentiel_version_id")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .leftJoin("users as examiner", "examiner.id", "dossiers.examiner_id")
    .where((eb) => {
      const statuses = filters.status ? [filters.status] : [...QUEUE_STATUSES];
      const waiting = eb("dossiers.status", "in", statuses);
      if (filters.status && filters.status !== "datadocke") return waiting;
      return eb.or([
        waiting,
        eb.and([
          eb("dossiers.status", "=", "datadocke"),
          eb.exists(
            eb
              .selectFrom("answer_revisions")
              .select("answer_revisions.id")
              .whereRef("answer_revisions.dossier_id", "=", "dossiers.id")
              .where("answer_revisions.status", "=", "pending"),
          ),
        ]),
      ]);
    });
  if (filters.region) query = query.where("organisations.region", "=", filters.region);
  if (filters.referentielId) query = query.where("referentiels.id", "=", filters.referentielId);
  if (filters.minWaitDays && filters.minWaitDays > 0) {
    query = query.where("dossiers.submitted_at", "<=", new Date(Date.now() - filters.minWaitDays * 86_400_000));
  }
  if (filters.examiner === "none") query = query.where("dossiers.examiner_id", "is", null);
  else if (filters.examiner) query = query.where("dossiers.examiner_id", "=", filters.examiner);
  const today = filters.today ?? dayKeyInParis(new Date());
  if (filters.delay) {
    const late = openDue(sql`dl.due_on < ${today}::date`);
    query = query.where(
      filters.delay === "late" ? late : sql<boolean>`not ${late} and ${openDue(sql`dl.due_on <= ${soonUntil(today)}::date`)}`,
    );
  }
  if (filters.labelId) {
    const labelId = filters.labelId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("dossier_labels as dl")
          .select("dl.label_id")
          .whereRef("dl.dossier_id", "=", "dossiers.id")
          .where("dl.label_id", "=", labelId),
      ),
    );
  }
  if (filters.ids) query = filters.ids.length ? query.where("dossiers.id", "in", filters.ids) : query.where(sql<SqlBool>`false`);
  return query;
}

/**
 * Submitted and in-examination dossiers, and datadocké dossiers with an update waiting (decision
 * record 038), filtered, longest wait first by default.
 */
export async function listQueue(db: Executor, filters: QueueFilters = {}): Promise<{ rows: QueueRow[]; total: number }> {
  const query = queueQuery(db, filters);
  const today = filters.today ?? dayKeyInParis(new Date());

  const [{ total }] = [await query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow()];
  const rows = await query
    .select([
      "dossiers.id as dossierId",
      "dossiers.status",
      "dossiers.submitted_at as submittedAt",
      "dossiers.examiner_id as examinerId",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.siret",
      "organisations.region",
      "referentiels.name as referentielName",
      "examiner.full_name as examinerName",
    ])
    .select(
      sql<boolean>`exists (select 1 from dossier_events e where e.dossier_id = dossiers.id and e.kind = 'dossier.resubmitted')`.as(
        "resubmitted",
      ),
    )
    .select(PENDING_UPDATES.as("pendingUpdates"))
    .select(NEXT_DUE.as("nextDue"))
    .$if(filters.sort === "due", (q) => q.orderBy(sql`${NEXT_DUE_DAY} asc nulls last`))
    .orderBy("dossiers.submitted_at", filters.sort === "newest" ? "desc" : "asc")
    .orderBy("dossiers.id")
    .limit(Math.min(filters.limit ?? 50, filters.forExport ? 100_000 : 200))
    .offset(filters.offset ?? 0)
    .execute();
  const now = Date.now();
  return {
    total: Number(total),
    rows: rows.map(({ nextDue, ...r }) => {
      // "stage:yyyy-mm-dd" of the earliest open stage (one subquery for both).
      const [stage, dueOn] = nextDue ? (nextDue.split(":") as [DelayStage, string]) : [null, null];
      return {
        ...r,
        siret: r.siret?.trim() ?? null,
        pendingUpdates: Number(r.pendingUpdates),
        waitingDays: r.submittedAt ? Math.floor((now - new Date(r.submittedAt).getTime()) / 86_400_000) : 0,
        dueStage: stage,
        dueOn,
        dueState: dueOn ? dueStateOn(dueOn, today) : null,
      };
    }),
  };
}

/**
 * The ids of every dossier matching the filters, in the queue's order, at most `max` (a bulk action on
 * "all matching this filter", issue 15.3).
 */
/**
 * How many dossiers of the queue (with the filters given) are late and due soon: the links above the
 * queue open it filtered by delay and must count what they open. Only dossiers in the queue count (an
 * open stage left on a dossier elsewhere does not); a dossier late on one stage and due soon on another
 * counts as late only.
 */
export async function countQueueDueStates(db: Executor, filters: QueueFilters): Promise<{ late: number; soon: number }> {
  const today = filters.today ?? dayKeyInParis(new Date());
  const row = await queueQuery(db, { ...filters, delay: undefined })
    .select([
      sql<string>`count(*) filter (where ${openDue(sql`dl.due_on < ${today}::date`)})`.as("late"),
      sql<string>`count(*) filter (where ${openDue(sql`dl.due_on <= ${soonUntil(today)}::date`)})`.as("either"),
    ])
    .executeTakeFirstOrThrow();
  const late = Number(row.late);
  return { late, soon: Number(row.either) - late };
}

export async function listQueueIds(db: Executor, filters: QueueFilters, max: number): Promise<string[]> {
  const rows = await queueQuery(db, filters)
    .select("dossiers.id")
    .$if(filters.sort === "due", (q) => q.orderBy(sql`${NEXT_DUE_DAY} asc nulls last`))
    .orderBy("dossiers.submitted_at", filters.sort === "newest" ? "desc" : "asc")
    .orderBy("dossiers.id")
    .limit(max)
    .execute();
  return rows.map((r) => r.id);
}

/** Options for the queue's filters: regions, référentiels and examiners present in the queue. */
export async function queueFilterOptions(db: Executor) {
  const [regions, referentiels, examiners] = await Promise.all([
    db
      .selectFrom("organisations")
      .select("region")
      .distinct()
      .where("kind", "=", "of")
      .where("region", "is not", null)
      .orderBy("region")
      .execute(),
    db.selectFrom("referentiels").select(["id", "name"]).orderBy("name").execute(),
    listActiveFunderMembers(db), // whom a dossier may be assigned to
  ]);
  return { regions: regions.map((r) => r.region!).filter(Boolean), referentiels, examiners };
}
