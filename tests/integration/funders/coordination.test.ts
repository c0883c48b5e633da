import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import {
  createDraftFrom,
  editIndicatorWording,
  markIndicatorVerified,
  publishVersion,
  versionDetail,
} from "../../../domain/referentiels/referentiel-editing.service";
import { addCnefopLabel, funderUsersOverview, listCnefopLabels, setCnefopLabelActive } from "../../../domain/coordination/cnefop.service";
import type { Actor } from "../../../domain/permissions/actor";
import { deactivateFunder, reactivateFunder } from "../../../domain/coordination/funder-revocation.service";
import { listCoordinationLog } from "../../../domain/coordination/coordination-log";
import { createApiKey } from "../../../domain/api-keys/api-keys.service";
import { enqueueWebhookEvent } from "../../../domain/webhooks/outbox";
import { hashPassword } from "../../../domain/accounts/password";
import { logIn } from "../../../domain/accounts/login.service";
import { createSession, validateSessionToken } from "../../../domain/accounts/session.service";
import * as organisationsApi from "../../../app/routes/api.v1.organisations._index";

describe("coordination", () => {
  let t: TestDatabase;
  let coordinator: Actor;
  let funderAdmin: Actor;

  beforeAll(async () => {
    t = await createTestDatabase();
    coordinator = (await makeOrganisation(t.db, "coordination", ["coordinator"])).users[0]!.actor;
    funderAdmin = (await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer"])).users[0]!.actor;
  });
  afterAll(() => t?.close());

  it("publishes a new référentiel version without touching dossiers filed under the older one", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const dossier = await makeDossier(t.db, of, ref);
    const indicator = ref.indicators[0]!;
    await expect(editIndicatorWording(t.db, funderAdmin, indicator.id, "x")).rejects.toMatchObject({ kind: "forbidden" });
    await expect(editIndicatorWording(t.db, coordinator, indicator.id, "Nouveau libellé")).rejects.toMatchObject({
      messageKey: "referentiels.frozen",
    });

    const draft = await createDraftFrom(t.db, coordinator, ref.versionId);
    expect(draft.version).toBe(2);
    await expect(createDraftFrom(t.db, coordinator, ref.versionId)).rejects.toMatchObject({ messageKey: "referentiels.draftExists" });
    const detail = await versionDetail(t.db, draft.id);
    expect(detail.editable).toBe(true);
    expect(detail.indicators.map((i) => i.code)).toEqual(["1.1", "1.2"]);
    await editIndicatorWording(t.db, coordinator, detail.indicators[0]!.id, "Nouveau libellé");
    await markIndicatorVerified(t.db, coordinator, detail.indicators[1]!.id, false);
    await publishVersion(t.db, coordinator, draft.id);
    await expect(publishVersion(t.db, coordinator, draft.id)).rejects.toMatchObject({ messageKey: "referentiels.notDraft" });

    const old = await t.db.selectFrom("indicators").select("title").where("id", "=", indicator.id).executeTakeFirstOrThrow();
    expect(old.title).toBe("Indicateur 1.1");
    const d = await t.db.selectFrom("dossiers").select("referentiel_version_id").where("id", "=", dossier.id).executeTakeFirstOrThrow();
    expect(d.referentiel_version_id).toBe(ref.versionId);
    const answers = await t.db.selectFrom("indicator_answers").select("indicator_id").where("dossier_id", "=", dossier.id).execute();
    expect(answers.map((a) => a.indicator_id).sort()).toEqual(ref.indicators.map((i) => i.id).sort());
    const published = await versionDetail(t.db, draft.id);
    expect(published.version.status).toBe("published");
    expect(published.indicators[0]!.title).toBe("Nouveau libellé");
    expect(published.indicators[1]!.verified).toBe(false);
  });

  it("manages the CNEFOP list (coordinators only)", async () => {
    await expect(addCnefopLabel(t.db, funderAdmin, "Label X")).rejects.toMatchObject({ kind: "forbidden" });
    const label = await addCnefopLabel(t.db, coordinator, "Label X");
    await expect(addCnefopLabel(t.db, coordinator, " Label X ")).rejects.toMatchObject({ messageKey: "cnefop.duplicate" });
    await setCnefopLabelActive(t.db, coordinator, label.id, false);
    expect((await listCnefopLabels(t.db)).find((l) => l.id === label.id)).toMatchObject({ active: false });
  });

  it("shows funders' users to coordinators only", async () => {
    await expect(funderUsersOverview(t.db, funderAdmin)).rejects.toMatchObject({ kind: "forbidden" });
    const rows = await funderUsersOverview(t.db, coordinator);
    expect(rows.map((r) => r.role).sort()).toEqual(["funder_admin", "funder_reviewer"]);
  });

  it("revokes a funder: logins refused, sessions revoked and sockets told, API keys 401, webhooks stopped; reactivation undoes exactly that", async () => {
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer"]);
    const other = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const [admin, reviewer] = funder.users;
    const password = "un mot de passe de test";
    await t.db
      .updateTable("users")
      .set({ password_hash: await hashPassword(password) })
      .where("id", "in", [admin!.id, reviewer!.id])
      .execute();
    // The reviewer's account was already disabled for its own reason: reactivation must leave it off.
    const earlier = new Date(Date.now() - 86_400_000);
    await t.db.updateTable("users").set({ disabled_at: earlier }).where("id", "=", reviewer!.id).execute();
    const session = await createSession(t.db, admin!.id, { ip: "127.0.0.1" });
    expect(await validateSessionToken(t.db, session.token)).not.toBeNull();
    const key = (await createApiKey(t.db, admin!.actor, { funderId: funder.id, name: "SI", scope: "read" })).key;
    const otherKey = (await createApiKey(t.db, other.users[0]!.actor, { funderId: other.id, name: "SI", scope: "read" })).key;
    await t.db
      .insertInto("webhooks")
      .values({ funder_id: funder.id, url: "https://si.example/hook", secret: "s".repeat(32), events: ["catalogue.changed"] })
      .execute();
    const context = testLoadContext({ db: t.db });
    const api = async (k: string) => {
      const request = new Request("http://localhost/api/v1/organisations", { headers: { authorization: `Bearer ${k}` } });
      try {
        return await organisationsApi.loader({ request, params: {}, context } as never);
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    expect((await api(key)).status).toBe(200);
    expect(await enqueueWebhookEvent(t.db, "catalogue.changed", { x: 1 }, { funderId: funder.id })).toBe(1);

    await expect(deactivateFunder(t.db, funderAdmin, funder.id, "x")).rejects.toMatchObject({ kind: "forbidden" });
    const closed: string[] = [];
    const result = await deactivateFunder(t.db, coordinator, funder.id, "Convention résiliée", {
      live: { userAccessChanged: (id) => void closed.push(id) },
    });
    expect(result).toEqual({ disabledUsers: 1, revokedSessions: 1, disabledWebhooks: 1 });
    expect(closed.sort()).toEqual([admin!.id, reviewer!.id].sort());
    await expect(deactivateFunder(t.db, coordinator, funder.id, null)).rejects.toMatchObject({
      messageKey: "funderRevocation.alreadyDeactivated",
    });

    await expect(logIn(t.db, { email: admin!.email, password }, { ip: "127.0.0.1" })).rejects.toMatchObject({
      messageKey: "auth.login.disabled",
    });
    expect(await validateSessionToken(t.db, session.token)).toBeNull();
    const refused = await api(key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect((await api(otherKey)).status).toBe(200); // another funder is untouched
    expect(await enqueueWebhookEvent(t.db, "catalogue.changed", { x: 2 }, { funderId: funder.id })).toBe(0);
    const log = await listCoordinationLog(t.db, ["funder.deactivated"]);
    expect(log[0]).toMatchObject({ subjectId: funder.id, actorName: coordinator.fullName, payload: { note: "Convention résiliée" } });

    await reactivateFunder(t.db, coordinator, funder.id);
    expect((await logIn(t.db, { email: admin!.email, password }, { ip: "127.0.0.1" })).actor.userId).toBe(admin!.id);
    await expect(logIn(t.db, { email: reviewer!.email, password }, { ip: "127.0.0.1" })).rejects.toMatchObject({
      messageKey: "auth.login.disabled",
    });
    expect((await api(key)).status).toBe(200);
    expect(await enqueueWebhookEvent(t.db, "catalogue.changed", { x: 3 }, { funderId: funder.id })).toBe(1);
    expect(await validateSessionToken(t.db, session.token)).toBeNull(); // revoked sessions stay revoked
  });
});
