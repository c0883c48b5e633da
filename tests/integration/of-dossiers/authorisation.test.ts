import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile } from "./fixtures";
import { getOrCreateOfDossier, requireOwnDossier } from "../../../domain/dossiers/dossier-access";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { findReadableFile } from "../../../domain/permissions/resource-access.service";
import { listThreadMessages, postOfMessage } from "../../../domain/threads/of-threads.service";
import { addCorrectiveAction, setCorrectiveActionStatus } from "../../../domain/dossiers/corrective-actions.service";
import { declareCertificate } from "../../../domain/circuit-court/circuit-court.service";
import { listNotifications, markRead, notifyUsers, unreadCount } from "../../../domain/notifications/notifications.service";
import { updateOfProfile } from "../../../domain/organisations/of-profile.service";
import { ofScopeOf } from "../../../domain/dossiers/of-scope";
import { isDomainError } from "../../../domain/errors";

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.kind;
    throw error;
  }
  return "allowed";
}

describe("an OF never reaches another OF's data by id", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await createReferentiel(t.db);
  });
  afterAll(() => t?.close());

  it("dossiers, files, threads, corrective actions, certificates, notifications, profile", async () => {
    const a = await createOf(t.db, "OF A");
    const b = await createOf(t.db, "OF B");
    const dossierB = await getOrCreateOfDossier(t.db, b.organisationId, b.userId);
    const fileB = await fakeFile(t.db, b.organisationId);
    const { threadId: threadB } = await postOfMessage(t.db, b, "1.1", "Message de B");
    const actionB = await addCorrectiveAction(t.db, b, "1.1", { what: "x", who: "y", dueOn: "2027-01-01" });
    await notifyUsers(t.db, [b.userId], "dossier.status_changed", { status: "soumis" });
    const [notificationB] = await listNotifications(t.db, b.userId);
    assert(notificationB, "b was notified");
    const label = await t.db.insertInto("cnefop_labels").values({ name: "Label" }).returning("id").executeTakeFirstOrThrow();

    expect(await kindOf(requireOwnDossier(t.db, a.organisationId, dossierB.id))).toBe("not_found");
    expect(await kindOf(findReadableFile(t.db, a.actor, fileB))).toBe("not_found");
    expect(await kindOf(addEvidence(t.db, a, "1.1", { kind: "file", fileId: fileB }))).toBe("not_found");
    expect(await kindOf(postOfMessage(t.db, a, "1.1", "pièce jointe volée", fileB))).toBe("not_found");
    expect(await kindOf(listThreadMessages(t.db, a.organisationId, threadB))).toBe("not_found");
    expect(await kindOf(setCorrectiveActionStatus(t.db, a, actionB, "fait"))).toBe("not_found");
    expect(
      await kindOf(declareCertificate(t.db, a, { labelId: label.id, fileId: fileB, validFrom: "2026-01-01", validTo: "2030-01-01" })),
    ).toBe("not_found");
    expect(
      await kindOf(
        updateOfProfile(t.db, a.actor, b.organisationId, {
          name: "Pirate",
          siret: "",
          nda: "",
          address: "",
          postal_code: "",
          city: "",
          region: "",
          website: "",
          contact_email: "",
          phone: "",
          training_domains: "",
        }),
      ),
    ).toBe("forbidden");

    expect(await markRead(t.db, a.userId, notificationB.id)).toBe(0);
    expect(await unreadCount(t.db, b.userId)).toBe(1);
    expect(await listNotifications(t.db, a.userId)).toEqual([]);

    // B's data is unchanged.
    const action = await t.db.selectFrom("corrective_actions").select("status").where("id", "=", actionB).executeTakeFirstOrThrow();
    expect(action.status).toBe("a_faire");
    expect(await t.db.selectFrom("circuit_court_certificates").selectAll().execute()).toEqual([]);
  });

  it("funder and coordination accounts have no OF scope", async () => {
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin");
    expect(() => ofScopeOf(funder.actor)).toThrowError("errors.forbidden");
  });
});

describe("notifying the OF", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await createReferentiel(t.db);
  });
  afterAll(() => t?.close());

  it("notifies every member in-app and by email for a status change and a new reason", async () => {
    const { notifyOfReason, notifyOfStatusChange } = await import("../../../domain/notifications/of-notify");
    const of = await createOf(t.db);
    const dossier = await getOrCreateOfDossier(t.db, of.organisationId, of.userId);
    const sent: { to: string; subject: string; text: string }[] = [];
    const deps = {
      db: t.db,
      mailer: { send: async (m: (typeof sent)[number]) => void sent.push(m), listLocal: async () => null },
      publicUrl: "http://localhost:3000",
    };
    await notifyOfStatusChange(deps, dossier.id, "a_completer");
    await notifyOfReason(deps, dossier.id, "1.1");
    expect(await unreadCount(t.db, of.userId)).toBe(2);
    expect(sent.map((m) => m.subject)).toEqual([
      "Datadock — Votre dossier est passé au statut « À compléter »",
      "Datadock — Nouveau motif sur l'indicateur 1.1",
    ]);
    expect(sent[1]?.text).toContain("http://localhost:3000/organisme/dossier/indicateur/1.1");
    expect(sent.every((m) => m.to === of.actor.email)).toBe(true);
  });
});
