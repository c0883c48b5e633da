import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createFunder, listFunders } from "../../../domain/accounts/funders.service";
import { createInvitation } from "../../../domain/accounts/invitation.service";
import { acceptInvitation } from "../../../domain/accounts/invitation-acceptance.service";
import { ROLES } from "../../../domain/permissions/actor";
import { createMember, domainError, makeDeps, uniqueEmail, PASSWORD } from "./support";

describe("funders (coordination)", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  it("a coordinator creates a funder, invites its first admin, who invites a reviewer; counts follow", async () => {
    const coordinator = await createMember(tdb.db, "coordinator");
    const funder = await createFunder(tdb.db, coordinator.actor, { name: "  Région Occitanie  ", region: "Occitanie" });
    expect(funder.name).toBe("Région Occitanie");
    const row = await tdb.db.selectFrom("organisations").selectAll().where("id", "=", funder.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "funder", region: "Occitanie", siret: null });

    const { deps, mailer } = makeDeps(new Date());
    const adminEmail = uniqueEmail("admin");
    await createInvitation(tdb.db, deps, coordinator.actor, { email: adminEmail, organisationId: funder.id, role: "funder_admin" });
    let list = await listFunders(tdb.db, coordinator.actor);
    expect(list.find((f) => f.id === funder.id)).toMatchObject({ memberCount: 0, pendingInvitations: 1 });

    const admin = await acceptInvitation(
      tdb.db,
      deps,
      mailer.lastToken(adminEmail, "invitation"),
      { fullName: "Admin Occitanie", password: PASSWORD, confirmation: PASSWORD },
      { ip: "10.4.0.1" },
    );
    await createInvitation(tdb.db, deps, admin.actor, {
      email: uniqueEmail("reviewer"),
      organisationId: funder.id,
      role: "funder_reviewer",
    });
    list = await listFunders(tdb.db, coordinator.actor);
    expect(list.find((f) => f.id === funder.id)).toMatchObject({ memberCount: 1, pendingInvitations: 1, region: "Occitanie" });
  });

  it("lists funders by name, without other kinds of organisation", async () => {
    const coordinator = await createMember(tdb.db, "coordinator");
    await createFunder(tdb.db, coordinator.actor, { name: "AAA Financeur" });
    const list = await listFunders(tdb.db, coordinator.actor);
    const names = list.map((f) => f.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(list.find((f) => f.name === "AAA Financeur")?.region).toBeNull();
    const kinds = await tdb.db
      .selectFrom("organisations")
      .select("kind")
      .where(
        "id",
        "in",
        list.map((f) => f.id),
      )
      .execute();
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(["funder"]));
  });

  it("refuses a duplicate name (case-insensitive) and validates lengths", async () => {
    const coordinator = await createMember(tdb.db, "coordinator");
    await createFunder(tdb.db, coordinator.actor, { name: "France Travail" });
    const dup = await domainError(() => createFunder(tdb.db, coordinator.actor, { name: "france travail" }));
    expect(dup.fieldErrors).toEqual({ name: ["funders.name.taken"] });
    const long = await domainError(() => createFunder(tdb.db, coordinator.actor, { name: "x".repeat(201), region: "y".repeat(101) }));
    expect(long.fieldErrors).toEqual({ name: ["auth.organisationName.tooLong"], region: ["funders.region.tooLong"] });
  });

  it.each(ROLES.filter((r) => r !== "coordinator"))("is refused to %s", async (role) => {
    const member = await createMember(tdb.db, role);
    expect((await domainError(() => createFunder(tdb.db, member.actor, { name: `Financeur ${role}` }))).kind).toBe("forbidden");
    expect((await domainError(() => listFunders(tdb.db, member.actor))).kind).toBe("forbidden");
  });
});
