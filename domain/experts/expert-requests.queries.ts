import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { ExpertKind, ExpertRequestStatus } from "../../db/schema";

/**
 * Reads and writes of expert requests and their confidential thread (issue 15.7, decision record 044).
 * No authorization here: the services and views check the expert access and the dossier rule
 * (domain/permissions/policy.ts, access.ts) before or after calling them, as their comments say.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ExpertRequestRow {
  id: string;
  dossierId: string;
  organisationId: string;
  organisationName: string;
  dossierStatus: string;
  examinerId: string | null;
  requestedBy: string | null;
  requesterName: string | null;
  requesterOrganisationName: string | null;
  expertUserId: string;
  expertName: string;
  expertEmail: string;
  expertKind: ExpertKind;
  question: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  status: ExpertRequestStatus;
  createdAt: Date;
  answeredAt: Date | null;
  withdrawnAt: Date | null;
}

function selectRequests(db: Executor) {
  return db
    .selectFrom("expert_requests as r")
    .innerJoin("dossiers as d", "d.id", "r.dossier_id")
    .innerJoin("organisations as o", "o.id", "d.organisation_id")
    .innerJoin("users as expert", "expert.id", "r.expert_user_id")
    .leftJoin("users as requester", "requester.id", "r.requested_by")
    .leftJoin("organisations as funder", "funder.id", "r.requester_organisation_id")
    .select([
      "r.id",
      "r.dossier_id as dossierId",
      "d.organisation_id as organisationId",
      "o.name as organisationName",
      "d.status as dossierStatus",
      "d.examiner_id as examinerId",
      "r.requested_by as requestedBy",
      sql<string | null>`coalesce(nullif(requester.full_name, ''), requester.email)`.as("requesterName"),
      "funder.name as requesterOrganisationName",
      "r.expert_user_id as expertUserId",
      sql<string>`coalesce(nullif(expert.full_name, ''), expert.email)`.as("expertName"),
      "expert.email as expertEmail",
      "r.expert_kind as expertKind",
      "r.question",
      sql<string>`r.due_on::text`.as("dueOn"),
      "r.status",
      "r.created_at as createdAt",
      "r.answered_at as answeredAt",
      "r.withdrawn_at as withdrawnAt",
    ]);
}

/** One request with its dossier's OF and the people named; undefined for an unknown or malformed id. */
export async function findExpertRequest(db: Executor, requestId: string): Promise<ExpertRequestRow | undefined> {
  if (!UUID.test(requestId)) return undefined;
  return selectRequests(db).where("r.id", "=", requestId).executeTakeFirst();
}

/** The request row locked for a change (in the caller's transaction). */
export function lockExpertRequest(db: Executor, requestId: string) {
  return db
    .selectFrom("expert_requests")
    .select(["id", "dossier_id", "status", "expert_user_id", "requested_by"])
    .where("id", "=", requestId)
    .forUpdate()
    .executeTakeFirst();
}

/** A dossier's requests, newest first. */
export function listDossierExpertRequests(db: Executor, dossierId: string): Promise<ExpertRequestRow[]> {
  return selectRequests(db).where("r.dossier_id", "=", dossierId).orderBy("r.created_at", "desc").execute();
}

/** The requests addressed to a person, newest first (withdrawn ones left out). */
export function listExpertRequestsOf(db: Executor, expertUserId: string): Promise<ExpertRequestRow[]> {
  return selectRequests(db)
    .where("r.expert_user_id", "=", expertUserId)
    .where("r.status", "!=", "withdrawn")
    .orderBy("r.created_at", "desc")
    .execute();
}

/** Whether the person already has a standing (not withdrawn) request on the dossier. */
export async function standingRequestExists(db: Executor, dossierId: string, expertUserId: string): Promise<boolean> {
  const row = await db
    .selectFrom("expert_requests")
    .select("id")
    .where("dossier_id", "=", dossierId)
    .where("expert_user_id", "=", expertUserId)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertExpertRequest(
  db: Executor,
  request: {
    dossierId: string;
    requestedBy: string;
    requesterOrganisationId: string | null;
    expertUserId: string;
    expertKind: ExpertKind;
    question: string;
    dueOn: string;
    indicatorIds: string[];
  },
): Promise<string> {
  const row = await db
    .insertInto("expert_requests")
    .values({
      dossier_id: request.dossierId,
      requested_by: request.requestedBy,
      requester_organisation_id: request.requesterOrganisationId,
      expert_user_id: request.expertUserId,
      expert_kind: request.expertKind,
      question: request.question,
      due_on: request.dueOn,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("expert_request_indicators")
    .values(request.indicatorIds.map((indicator_id) => ({ request_id: row.id, indicator_id })))
    .execute();
  return row.id;
}

/** The chosen indicators of each request, in référentiel order: request id → [{ id, code, title }]. */
export async function requestIndicators(
  db: Executor,
  requestIds: readonly string[],
): Promise<Map<string, { id: string; code: string; title: string }[]>> {
  const out = new Map<string, { id: string; code: string; title: string }[]>();
  if (requestIds.length === 0) return out;
  const rows = await db
    .selectFrom("expert_request_indicators as ri")
    .innerJoin("indicators as i", "i.id", "ri.indicator_id")
    .innerJoin("criteria as c", "c.id", "i.criterion_id")
    .select(["ri.request_id", "i.id", "i.code", "i.title"])
    .where("ri.request_id", "in", [...requestIds])
    .orderBy("c.number")
    .orderBy("i.position")
    .execute();
  for (const row of rows) {
    const list = out.get(row.request_id) ?? [];
    list.push({ id: row.id, code: row.code, title: row.title });
    out.set(row.request_id, list);
  }
  return out;
}

export interface ExpertMessageRow {
  id: string;
  requestId: string;
  authorId: string | null;
  authorName: string | null;
  fromExpert: boolean;
  body: string;
  createdAt: Date;
}

/** The messages of each request's thread, oldest first: request id → messages. */
export async function requestMessages(db: Executor, requestIds: readonly string[]): Promise<Map<string, ExpertMessageRow[]>> {
  const out = new Map<string, ExpertMessageRow[]>();
  if (requestIds.length === 0) return out;
  const rows = await db
    .selectFrom("expert_messages as m")
    .leftJoin("users as u", "u.id", "m.author_id")
    .select([
      "m.id",
      "m.request_id as requestId",
      "m.author_id as authorId",
      sql<string | null>`coalesce(nullif(u.full_name, ''), u.email)`.as("authorName"),
      "m.from_expert as fromExpert",
      "m.body",
      "m.created_at as createdAt",
    ])
    .where("m.request_id", "in", [...requestIds])
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
  for (const row of rows) {
    const list = out.get(row.requestId) ?? [];
    list.push(row);
    out.set(row.requestId, list);
  }
  return out;
}

export async function insertExpertMessage(
  db: Executor,
  message: { requestId: string; authorId: string; fromExpert: boolean; body: string },
): Promise<{ id: string; createdAt: Date }> {
  return db
    .insertInto("expert_messages")
    .values({ request_id: message.requestId, author_id: message.authorId, from_expert: message.fromExpert, body: message.body })
    .returning(["id", "created_at as createdAt"])
    .executeTakeFirstOrThrow();
}

/** The first answer of the expert: open → answered. */
export async function markAnswered(db: Executor, requestId: string, at: Date): Promise<void> {
  await db
    .updateTable("expert_requests")
    .set({ status: "answered", answered_at: at })
    .where("id", "=", requestId)
    .where("status", "=", "open")
    .execute();
}

export async function markWithdrawn(db: Executor, requestId: string, by: string, at: Date): Promise<void> {
  await db
    .updateTable("expert_requests")
    .set({ status: "withdrawn", withdrawn_at: at, withdrawn_by: by })
    .where("id", "=", requestId)
    .execute();
}

/**
 * The actor's own standing requests that reach a stored file: it is live evidence (not removed nor
 * replaced) of one of the request's chosen indicators in the request's dossier. For the file door.
 */
export function expertRequestsReachingFile(db: Executor, expertUserId: string, fileId: string) {
  return db
    .selectFrom("expert_requests as r")
    .innerJoin("expert_request_indicators as ri", "ri.request_id", "r.id")
    .innerJoin("indicator_answers as a", (join) =>
      join.onRef("a.dossier_id", "=", "r.dossier_id").onRef("a.indicator_id", "=", "ri.indicator_id"),
    )
    .innerJoin("evidence as e", "e.answer_id", "a.id")
    .select(["r.expert_user_id as expertUserId", "r.status"])
    .where("r.expert_user_id", "=", expertUserId)
    .where("e.file_id", "=", fileId)
    .where("e.removed_at", "is", null)
    .where("e.replaced_by", "is", null)
    .execute();
}

/**
 * Claims the open requests of dossiers in examination late on `today` (due before it) not reminded in the last `everyDays` days:
 * their reminder day is set in the same UPDATE, so two instances never remind twice. With the OF's
 * name and the people to tell.
 */
export async function claimLateRequests(db: Executor, today: string, everyDays: number) {
  return (
    db
      .updateTable("expert_requests as r")
      .set({ last_reminded_on: today })
      .from(["dossiers as d", "organisations as o", "users as expert"])
      .whereRef("d.id", "=", "r.dossier_id")
      .whereRef("o.id", "=", "d.organisation_id")
      .whereRef("expert.id", "=", "r.expert_user_id")
      .where("r.status", "=", "open")
      // Once the examination is over, a late opinion is no longer chased.
      .where("d.status", "=", "en_examen")
      .where(sql<boolean>`r.due_on < ${today}::date`)
      .where(sql<boolean>`(r.last_reminded_on is null or r.last_reminded_on <= ${today}::date - ${everyDays}::int)`)
      .returning([
        "r.id",
        "r.dossier_id as dossierId",
        "r.expert_user_id as expertUserId",
        "r.requested_by as requestedBy",
        sql<string>`r.due_on::text`.as("dueOn"),
        "o.name as organisationName",
        sql<string>`coalesce(nullif(expert.full_name, ''), expert.email)`.as("expertName"),
      ])
      .execute()
  );
}
