import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import { takeDossier } from "../../../domain/examination/take";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import { loadFunderHome } from "../../../domain/examination/funder-home.view";
import { openPresenceSession, closePresenceSession } from "../../../domain/collab/presence-sessions.service";

/** The funder's home (issue 13.7): counts, the longest waits, my examinations, the rooms open now. */
describe("funder home", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the real queue", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_reviewer"]);
    const [alice, bruno] = [funder.users[0]!, funder.users[1]!];
    const ofs = await Promise.all(Array.from({ length: 8 }, (_, i) => makeOrganisation(t.db, "of", ["of_admin"], { name: `OF ${i}` })));
    // Submitted 1..6 days ago; a draft (never counted) and a datadocké.
    const waiting = [];
    for (let i = 0; i < 6; i++) waiting.push(await makeDossier(t.db, ofs[i]!, ref, { submittedDaysAgo: i + 1 }));
    const draft = await makeDossier(t.db, ofs[6]!, ref, { status: "brouillon", submittedDaysAgo: 100 });
    await makeDossier(t.db, ofs[7]!, ref, { status: "datadocke", submittedDaysAgo: 50 });
    await takeDossier(t.db, alice.actor, waiting[5]!.id); // the oldest: alice examines it
    await takeDossier(t.db, bruno.actor, waiting[4]!.id);
    await addCoExaminer(t.db, bruno.actor, { dossierId: waiting[4]!.id, userId: alice.id });

    // In the room of the oldest now: alice (two tabs) and bruno; someone left; a draft "room" is never shown.
    const open = (userId: string, dossierId: string) =>
      openPresenceSession(t.db, { userId, instanceId: "test", place: "dossier", dossierId });
    await open(alice.id, waiting[5]!.id);
    await open(alice.id, waiting[5]!.id);
    await open(bruno.id, waiting[5]!.id);
    await closePresenceSession(t.db, await open(bruno.id, waiting[3]!.id));
    await open(bruno.id, draft.id);

    const home = await loadFunderHome(t.db, alice.actor);
    expect(home.counts).toEqual({ soumis: 4, en_examen: 2, a_completer: 0, datadocke: 1, non_conforme: 0, dereference: 0 });
    expect(home.waitingLongest.map((d) => d.organisationName)).toEqual(["OF 5", "OF 4", "OF 3", "OF 2", "OF 1"]);
    expect(home.waitingLongest[0]).toMatchObject({ status: "en_examen", examinerName: alice.actor.fullName });
    expect(home.mine.map((d) => [d.organisationName, d.role])).toEqual([
      ["OF 5", "examiner"],
      ["OF 4", "co_examiner"],
    ]);
    // Both reviewers share a name here (factory names): compare the people in id order.
    for (const room of home.openRooms) room.people.sort((a, b) => a.userId.localeCompare(b.userId));
    expect(home.openRooms).toEqual([
      {
        dossierId: waiting[5]!.id,
        organisationName: "OF 5",
        status: "en_examen",
        people: [
          { userId: alice.id, name: alice.actor.fullName },
          { userId: bruno.id, name: bruno.actor.fullName },
        ].sort((a, b) => a.userId.localeCompare(b.userId)),
      },
    ]);
    const ofHome = loadFunderHome(t.db, ofs[0]!.users[0]!.actor);
    await expect(ofHome).rejects.toMatchObject({ kind: "forbidden" });
  });
});
