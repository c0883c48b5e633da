import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canActAsFunderSide } from "../permissions/policy";
import { forbidden } from "../errors";

/**
 * The funder's home (issue 13.7): the real queue. Counts per status, the dossiers waiting longest since
 * their submission, the ones the actor examines or co-examines, and the review rooms open now with who
 * is in them (from presence_sessions, which every instance writes). Funder side only; no draft is
 * ever counted or listed (a draft is the OF's alone, domain/permissions/access.ts).
 */

export const WAITING_LONGEST = 5;
/** Statuses in which a dossier waits for the funders. */
const WAITING: readonly DossierStatus[] = ["soumis", "en_examen"];

export interface FunderHomeDossier {
  id: string;
  organisationName: string;
  status: DossierStatus;
  submittedAt: Date | null;
  examinerName: string | null;
}

export interface FunderHomeRoom {
  dossierId: string;
  organisationName: string;
  status: DossierStatus;
  /** Distinct people in the room now, by name. */
  people: { userId: string; name: string }[];
}

export interface FunderHomeView {
  /** Every status but the draft, 0 when none. */
  counts: Record<Exclude<DossierStatus, "brouillon">, number>;
  /** Submitted or in examination, oldest submission first, at most WAITING_LONGEST. */
  waitingLongest: FunderHomeDossier[];
  /** In examination with the actor as examiner or co-examiner, oldest submission first. */
  mine: (FunderHomeDossier & { role: "examiner" | "co_examiner" })[];
  openRooms: FunderHomeRoom[];
}

function dossierRows(db: Executor) {
  return db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .leftJoin("users as examiner", "examiner.id", "dossiers.examiner_id")
    .select([
      "dossiers.id",
      "dossiers.status",
      "dossiers.submitted_at",
      "dossiers.examiner_id",
      "organisations.name as organisationName",
      "examiner.full_name as examinerName",
    ]);
}

export async function loadFunderHome(db: Executor, actor: Actor): Promise<FunderHomeView> {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const [statusRows, waiting, mine, rooms] = await Promise.all([
    db
      .selectFrom("dossiers")
      .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
      .where("status", "!=", "brouillon")
      .groupBy("status")
      .execute(),
    dossierRows(db)
      .where("dossiers.status", "in", WAITING)
      .orderBy("dossiers.submitted_at", "asc")
      .orderBy("dossiers.id")
      .limit(WAITING_LONGEST)
      .execute(),
    dossierRows(db)
      .where("dossiers.status", "=", "en_examen")
      .where((eb) =>
        eb.or([
          eb("dossiers.examiner_id", "=", actor.userId),
          eb.exists(
            eb
              .selectFrom("dossier_co_examiners as co")
              .select("co.user_id")
              .whereRef("co.dossier_id", "=", "dossiers.id")
              .where("co.user_id", "=", actor.userId),
          ),
        ]),
      )
      .orderBy("dossiers.submitted_at", "asc")
      .execute(),
    db
      .selectFrom("presence_sessions as p")
      .innerJoin("dossiers", "dossiers.id", "p.dossier_id")
      .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
      .innerJoin("users", "users.id", "p.user_id")
      .select([
        "dossiers.id as dossierId",
        "dossiers.status",
        "organisations.name as organisationName",
        "users.id as userId",
        "users.full_name",
        "users.email",
      ])
      .distinct()
      .where("p.place", "=", "dossier")
      .where("p.ended_at", "is", null)
      .where("dossiers.status", "!=", "brouillon")
      .orderBy("organisations.name")
      .orderBy("users.full_name")
      .execute(),
  ]);
  const counts: FunderHomeView["counts"] = { soumis: 0, en_examen: 0, a_completer: 0, datadocke: 0, non_conforme: 0, dereference: 0 };
  for (const row of statusRows) if (row.status !== "brouillon") counts[row.status] = Number(row.n);
  const toDossier = (r: (typeof waiting)[number]): FunderHomeDossier => ({
    id: r.id,
    organisationName: r.organisationName,
    status: r.status,
    submittedAt: r.submitted_at,
    examinerName: r.examinerName,
  });
  const openRooms: FunderHomeRoom[] = [];
  for (const r of rooms) {
    let room = openRooms.find((o) => o.dossierId === r.dossierId);
    if (!room) {
      room = { dossierId: r.dossierId, organisationName: r.organisationName, status: r.status, people: [] };
      openRooms.push(room);
    }
    if (!room.people.some((p) => p.userId === r.userId)) room.people.push({ userId: r.userId, name: r.full_name || r.email });
  }
  return {
    counts,
    waitingLongest: waiting.map(toDossier),
    mine: mine.map((r) => ({ ...toDossier(r), role: r.examiner_id === actor.userId ? "examiner" : "co_examiner" })),
    openRooms,
  };
}
