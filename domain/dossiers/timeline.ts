import { sql } from "kysely";
import type { Executor } from "../../db/executor";

/** Every action on a dossier leaves one event: who, what, when. Written in the action's transaction. */
export type DossierEventKind =
  | "dossier.created"
  | "dossier.submitted"
  | "dossier.resubmitted"
  | "answer.updated"
  | "answer.not_applicable"
  | "evidence.added"
  | "evidence.replaced"
  | "evidence.removed"
  | "self_assessment.updated"
  | "message.posted"
  | "corrective_action.added"
  | "corrective_action.updated"
  | "circuit_court.declared";

export async function recordEvent(
  db: Executor,
  event: { dossierId: string; actorId: string | null; kind: DossierEventKind | string; payload?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("dossier_events")
    .values({
      dossier_id: event.dossierId,
      actor_id: event.actorId,
      kind: event.kind,
      payload: JSON.stringify(event.payload ?? {}),
    })
    .execute();
}

export interface TimelineEntry {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  actorName: string | null;
}

/** Events of the funders' closed space (alerts, co-examiners): written on the dossier, never shown to the OF. */
export const FUNDER_ONLY_EVENT_KINDS: readonly string[] = [
  "alert.raised",
  "alert.closed",
  "examination.co_examiner_added",
  "examination.co_examiner_removed",
];

/**
 * The dossier's events, newest first. Callers have already scoped the dossier to the actor; the OF's
 * audience leaves out the funders' closed-space events.
 */
export async function listTimeline(
  db: Executor,
  dossierId: string,
  limit = 200,
  audience: "of" | "funder" = "of",
): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom("dossier_events")
    .leftJoin("users", "users.id", "dossier_events.actor_id")
    .select([
      "dossier_events.id",
      "dossier_events.kind",
      "dossier_events.payload",
      "dossier_events.created_at",
      sql<string | null>`coalesce(nullif(users.full_name, ''), users.email)`.as("actor_name"),
    ])
    .where("dossier_events.dossier_id", "=", dossierId)
    .$if(audience === "of", (q) => q.where("dossier_events.kind", "not in", FUNDER_ONLY_EVENT_KINDS))
    .orderBy("dossier_events.created_at", "desc")
    .orderBy("dossier_events.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    createdAt: new Date(r.created_at).toISOString(),
    actorName: r.actor_name,
  }));
}
