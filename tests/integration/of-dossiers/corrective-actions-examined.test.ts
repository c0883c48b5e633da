import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { memoryMailer } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import {
  acceptCorrectiveAction,
  addCorrectiveAction,
  isCorrectiveActionOverdue,
  listCorrectiveActions,
  setCorrectiveActionStatus,
} from "../../../domain/dossiers/corrective-actions.service";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { rejection } from "../../setup/domain-rejection";

/** Corrective actions reach the examiner (issue 14.3): seen, flagged overdue on both sides, accepted by the examiners only. */
let t: TestDatabase;
let events: EventDispatcher;
let versionId: string;
let examiner: Actor;
let coExaminer: Actor;
let otherFunder: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin", "Financeur A");
  examiner = funder.actor;
  const colleague = await t.db
    .insertInto("users")
    .values({ email: "co-examinateur@test.demo", full_name: "Co Examinateur" })
    .returning(["id", "email", "full_name"])
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("memberships")
    .values({ user_id: colleague.id, organisation_id: funder.organisationId, role: "funder_reviewer" })
    .execute();
  coExaminer = {
    userId: colleague.id,
    email: colleague.email,
    fullName: colleague.full_name,
    memberships: [
      { organisationId: funder.organisationId, organisationKind: "funder", organisationName: "Financeur A", role: "funder_reviewer" },
    ],
  };
  otherFunder = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur B")).actor;
  events = await startTestDispatcher(t.db, { mailer: memoryMailer() });
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

describe("corrective actions seen and accepted by the examiners", () => {
  it("shows them in the review room with overdue flagged, lets the examiner's side accept, tells the OF", async () => {
    const of = await createOf(t.db, "OF aux actions");
    for (const code of ["1.1", "1.2", "2.1"]) {
      await saveDescription(t.db, of, code, `<p>Réponse ${code}</p>`);
      await addEvidence(t.db, of, code, { kind: "link", url: `https://of.example/${code}` });
    }
    await submitDossier(t.db, of);
    const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
    await takeDossier(t.db, examiner, dossierId);
    await addCoExaminer(t.db, examiner, { dossierId, userId: coExaminer.userId });
    const indicator = await t.db
      .selectFrom("indicators")
      .select("id")
      .where("version_id", "=", versionId)
      .where("code", "=", "1.2")
      .executeTakeFirstOrThrow();
    await decideIndicator(t.db, examiner, {
      dossierId,
      indicatorId: indicator.id,
      decision: "a_completer",
      reason: "Public à préciser",
      expectedVersion: null,
    });

    const late = await addCorrectiveAction(t.db, of, "1.2", { what: "Décrire le public", who: "Direction", dueOn: "2026-01-15" });
    const onTime = await addCorrectiveAction(t.db, of, "1.2", { what: "Publier la fiche", who: "Communication", dueOn: "2099-12-31" });

    // Both sides see the same overdue flag, computed at read.
    const ofSide = await listCorrectiveActions(t.db, dossierId, indicator.id);
    expect(ofSide.map((a) => [a.id, a.overdue])).toEqual([
      [late, true],
      [onTime, false],
    ]);
    const room = await loadReviewRoom(t.db, examiner, dossierId, "1.2");
    expect(room.selected?.code).toBe("1.2");
    const roomActions = (room.selected?.correctiveActions ?? []).map((a) => [a.id, a.status, a.overdue]);
    expect(roomActions).toEqual([
      [late, "a_faire", true],
      [onTime, "a_faire", false],
    ]);

    // Only the dossier's examiner and co-examiners accept; another funder and the OF cannot.
    expect((await rejection(acceptCorrectiveAction(t.db, otherFunder, late))).kind).toBe("forbidden");
    expect((await rejection(acceptCorrectiveAction(t.db, of.actor, late))).kind).toBe("forbidden");
    expect((await rejection(acceptCorrectiveAction(t.db, examiner, "not-a-uuid"))).kind).toBe("not_found");
    await acceptCorrectiveAction(t.db, coExaminer, late);
    await acceptCorrectiveAction(t.db, examiner, late); // again: nothing more

    const accepted = (await listCorrectiveActions(t.db, dossierId, indicator.id)).find((a) => a.id === late)!;
    expect(accepted).toMatchObject({ status: "accepte", overdue: false });
    expect(accepted.acceptedAt).not.toBeNull();
    const row = await t.db.selectFrom("corrective_actions").select("accepted_by").where("id", "=", late).executeTakeFirstOrThrow();
    expect(row.accepted_by).toBe(coExaminer.userId);

    // The OF is told once, and can no longer change an accepted action.
    const told = (await listNotifications(t.db, of.userId)).filter((n) => n.kind === "corrective_action.accepted");
    expect(told.map((n) => n.payload.code)).toEqual(["1.2"]);
    const refused = await rejection(setCorrectiveActionStatus(t.db, of, late, "en_cours"));
    expect(refused.messageKey).toBe("corrective.errors.alreadyAccepted");
    expect((await rejection(setCorrectiveActionStatus(t.db, of, onTime, "accepte"))).kind).toBe("validation");
  });

  it("flags overdue only for actions neither done nor accepted", () => {
    expect(isCorrectiveActionOverdue({ status: "en_cours", dueOn: "2026-11-30" }, "2026-12-01")).toBe(true);
    expect(isCorrectiveActionOverdue({ status: "en_cours", dueOn: "2026-12-01" }, "2026-12-01")).toBe(false);
    expect(isCorrectiveActionOverdue({ status: "fait", dueOn: "2026-11-30" }, "2026-12-01")).toBe(false);
    expect(isCorrectiveActionOverdue({ status: "accepte", dueOn: "2026-11-30" }, "2026-12-01")).toBe(false);
  });
});
