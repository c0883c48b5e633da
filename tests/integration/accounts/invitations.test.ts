import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createInvitation, getTeam, listPendingInvitations } from "../../../domain/accounts/invitation.service";
import { acceptInvitation, describeInvitation } from "../../../domain/accounts/invitation-acceptance.service";
import { logIn } from "../../../domain/accounts/login.service";
import { validateSessionToken } from "../../../domain/accounts/session.service";
import { ROLES, type Actor, type OrganisationKind, type Role } from "../../../domain/permissions/actor";
import { canInvite, canViewOrganisation } from "../../../domain/permissions/policy";
import { createMember, createOrganisation, domainError, makeDeps, uniqueEmail, PASSWORD, DAY, MINUTE_MS, PUBLIC_URL } from "./support";

type Org = { id: string; kind: OrganisationKind; name: string };

describe("invitations", () => {
  let tdb: TestDatabase;
  const orgs = {} as Record<"ofA" | "ofB" | "funderA" | "funderB" | "coordination", Org>;
  const actors = {} as Record<Role, Actor>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    orgs.ofA = await createOrganisation(tdb.db, "of", "OF Alpha");
    orgs.ofB = await createOrganisation(tdb.db, "of", "OF Bravo");
    orgs.funderA = await createOrganisation(tdb.db, "funder", "Financeur Alpha");
    orgs.funderB = await createOrganisation(tdb.db, "funder", "Financeur Bravo");
    orgs.coordination = await createOrganisation(tdb.db, "coordination", "Coordination nationale");
    const home: Record<Role, Org> = {
      of_admin: orgs.ofA,
      of_member: orgs.ofA,
      funder_admin: orgs.funderA,
      funder_reviewer: orgs.funderA,
      coordinator: orgs.coordination,
    };
    for (const role of ROLES) actors[role] = (await createMember(tdb.db, role, { organisationId: home[role].id })).actor;
  });
  afterAll(() => tdb?.close());

  /** Who may invite whom, written out by hand (not derived from policy.ts). */
  function expected(actorRole: Role, target: keyof typeof orgs, role: Role): boolean {
    switch (actorRole) {
      case "of_admin":
        return target === "ofA" && (role === "of_admin" || role === "of_member");
      case "funder_admin":
        return target === "funderA" && (role === "funder_admin" || role === "funder_reviewer");
      case "coordinator":
        return (
          ((target === "funderA" || target === "funderB") && (role === "funder_admin" || role === "funder_reviewer")) ||
          (target === "coordination" && role === "coordinator")
        );
      default:
        return false;
    }
  }

  describe.each(ROLES)("an actor who is %s", (actorRole) => {
    it("may invite exactly the expected roles into the expected organisations (policy and service agree)", async () => {
      const { deps } = makeDeps(new Date());
      const actor = actors[actorRole];
      const mismatches: string[] = [];
      for (const target of Object.keys(orgs) as Array<keyof typeof orgs>) {
        const org = orgs[target];
        for (const role of ROLES) {
          const want = expected(actorRole, target, role);
          const policy = canInvite(actor, { organisationId: org.id, organisationKind: org.kind, role });
          let service: string;
          try {
            await createInvitation(tdb.db, deps, actor, { email: uniqueEmail("invite"), organisationId: org.id, role });
            service = "ok";
          } catch (error) {
            service = (error as { kind?: string }).kind ?? String(error);
          }
          // Refusals: 404 when the actor cannot even see the organisation, 403 otherwise.
          const wantService = want ? "ok" : canViewOrganisation(actor, org) ? "forbidden" : "not_found";
          if (policy !== want || service !== wantService) {
            mismatches.push(`${target}/${role}: expected ${want} (${wantService}), policy ${policy}, service ${service}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  it("mails a 7-day link naming the organisation and the role", async () => {
    const { deps, mailer, clock } = makeDeps(new Date());
    const email = uniqueEmail("new");
    const result = await createInvitation(tdb.db, deps, actors.of_admin, { email, organisationId: orgs.ofA.id, role: "of_member" });
    expect(result.mailSent).toBe(true);
    expect(result.expiresAt.getTime() - clock.now.getTime()).toBe(7 * DAY);
    const mail = mailer.last(email);
    expect(mail.subject).toContain("OF Alpha");
    expect(mail.text).toContain("Membre de l'organisme");
    expect(mail.text).toContain(`${PUBLIC_URL}/invitation/${mailer.lastToken(email, "invitation")}`);
  });

  describe("organisation ids from elsewhere", () => {
    it("refuses an unknown id with 404 and a malformed one as invalid", async () => {
      const { deps } = makeDeps();
      const unknown = await domainError(() =>
        createInvitation(tdb.db, deps, actors.coordinator, { email: uniqueEmail(), organisationId: randomUUID(), role: "funder_admin" }),
      );
      expect(unknown.kind).toBe("not_found");
      const malformed = await domainError(() =>
        createInvitation(tdb.db, deps, actors.coordinator, { email: uniqueEmail(), organisationId: "1 or 1=1", role: "funder_admin" }),
      );
      expect(malformed.kind).toBe("validation");
      expect(Object.keys(malformed.fieldErrors)).toEqual(["organisationId"]);
    });

    it("never lists or manages another organisation's team", async () => {
      expect((await domainError(() => listPendingInvitations(tdb.db, actors.of_admin, orgs.ofB.id))).kind).toBe("not_found");
      expect((await domainError(() => getTeam(tdb.db, actors.funder_admin, orgs.funderB.id))).kind).toBe("not_found");
      expect((await domainError(() => getTeam(tdb.db, actors.funder_admin, orgs.ofA.id))).kind).toBe("forbidden");
      expect((await domainError(() => getTeam(tdb.db, actors.of_member, orgs.ofA.id))).kind).toBe("forbidden");
      expect((await domainError(() => getTeam(tdb.db, actors.coordinator, orgs.ofA.id))).kind).toBe("forbidden");
      expect((await domainError(() => getTeam(tdb.db, actors.of_admin, randomUUID()))).kind).toBe("not_found");
    });
  });

  it("lists pending invitations of the organisation only, newest first, without used or expired ones", async () => {
    const org = await createOrganisation(tdb.db, "of");
    const admin = await createMember(tdb.db, "of_admin", { organisationId: org.id });
    const start = new Date(Date.now() - 10 * DAY);
    const { deps, mailer, advance, clock } = makeDeps(start);
    const expiring = uniqueEmail("old");
    await createInvitation(tdb.db, deps, admin.actor, { email: expiring, organisationId: org.id, role: "of_member" });
    advance(5 * DAY);
    const pending = uniqueEmail("pending");
    await createInvitation(tdb.db, deps, admin.actor, { email: pending, organisationId: org.id, role: "of_admin" });
    advance(MINUTE_MS);
    const accepted = uniqueEmail("accepted");
    await createInvitation(tdb.db, deps, admin.actor, { email: accepted, organisationId: org.id, role: "of_member" });
    const token = mailer.lastToken(accepted, "invitation");
    await acceptInvitation(tdb.db, deps, token, { fullName: "Acceptée", password: PASSWORD, confirmation: PASSWORD }, { ip: "10.5.0.1" });

    advance(3 * DAY); // the first one (7 days) has now expired
    const list = await listPendingInvitations(tdb.db, admin.actor, org.id, { now: () => clock.now });
    expect(list.map((i) => [i.email, i.role])).toEqual([[pending, "of_admin"]]);
    expect(list[0]?.invitedByName).toBe("Membre of_admin");
  });

  describe("acceptance", () => {
    it("creates the account (email verified), the membership and a session; the link works once", async () => {
      const { deps, mailer } = makeDeps(new Date());
      const email = uniqueEmail("reviewer");
      await createInvitation(tdb.db, deps, actors.funder_admin, { email, organisationId: orgs.funderA.id, role: "funder_reviewer" });
      const token = mailer.lastToken(email, "invitation");
      const details = await describeInvitation(tdb.db, token, deps);
      expect(details).toMatchObject({ email, organisationName: "Financeur Alpha", role: "funder_reviewer", existingUser: false });

      const accepted = await acceptInvitation(
        tdb.db,
        deps,
        token,
        { fullName: "Dominique Examinatrice", password: PASSWORD, confirmation: PASSWORD },
        { ip: "10.6.0.1" },
      );
      expect(accepted.actor.memberships).toEqual([expect.objectContaining({ organisationId: orgs.funderA.id, role: "funder_reviewer" })]);
      expect(accepted.actor.fullName).toBe("Dominique Examinatrice");
      const session = await validateSessionToken(tdb.db, accepted.token);
      expect(session?.emailVerified).toBe(true);
      await logIn(tdb.db, { email, password: PASSWORD }, { ip: "10.6.0.2" });

      const again = await domainError(() =>
        acceptInvitation(tdb.db, deps, token, { fullName: "X", password: PASSWORD, confirmation: PASSWORD }, { ip: "10.6.0.1" }),
      );
      expect(again.messageKey).toBe("auth.invitation.used");
    });

    it("validates the new account's fields", async () => {
      const { deps, mailer } = makeDeps(new Date());
      const email = uniqueEmail("colleague");
      await createInvitation(tdb.db, deps, actors.of_admin, { email, organisationId: orgs.ofA.id, role: "of_member" });
      const token = mailer.lastToken(email, "invitation");
      const error = await domainError(() =>
        acceptInvitation(tdb.db, deps, token, { fullName: "", password: "court", confirmation: "autre" }, { ip: "10.6.1.1" }),
      );
      expect(error.fieldErrors).toMatchObject({ fullName: ["errors.required"], password: ["auth.password.tooShort"] });
    });

    it("adds an existing account after checking its password", async () => {
      const existing = await createMember(tdb.db, "funder_reviewer", { organisationId: orgs.funderB.id });
      const { deps, mailer, accessChanged } = makeDeps(new Date());
      await createInvitation(tdb.db, deps, actors.funder_admin, {
        email: existing.email,
        organisationId: orgs.funderA.id,
        role: "funder_reviewer",
      });
      const token = mailer.lastToken(existing.email, "invitation");
      expect((await describeInvitation(tdb.db, token, deps)).existingUser).toBe(true);

      const wrong = await domainError(() => acceptInvitation(tdb.db, deps, token, { password: "pas le bon" }, { ip: "10.7.0.1" }));
      expect(wrong.fieldErrors).toEqual({ password: ["auth.invitation.wrongPassword"] });

      const accepted = await acceptInvitation(tdb.db, deps, token, { password: PASSWORD }, { ip: "10.7.0.1" });
      expect(accepted.actor.memberships.map((m) => m.organisationId).sort()).toEqual([orgs.funderA.id, orgs.funderB.id].sort());
      expect(accessChanged).toEqual([existing.userId]);
    });

    it("expires after 7 days", async () => {
      const { deps, mailer, advance } = makeDeps(new Date());
      const early = uniqueEmail("early");
      const late = uniqueEmail("late");
      await createInvitation(tdb.db, deps, actors.coordinator, { email: early, organisationId: orgs.funderB.id, role: "funder_admin" });
      await createInvitation(tdb.db, deps, actors.coordinator, { email: late, organisationId: orgs.funderB.id, role: "funder_admin" });
      advance(7 * DAY - MINUTE_MS);
      await acceptInvitation(
        tdb.db,
        deps,
        mailer.lastToken(early, "invitation"),
        { fullName: "À temps", password: PASSWORD, confirmation: PASSWORD },
        { ip: "10.8.0.1" },
      );
      advance(MINUTE_MS);
      const error = await domainError(() => describeInvitation(tdb.db, mailer.lastToken(late, "invitation"), deps));
      expect(error).toMatchObject({ kind: "conflict", messageKey: "auth.invitation.expired" });
    });

    it("a newer invitation to the same address replaces the older one", async () => {
      const { deps, mailer } = makeDeps(new Date());
      const email = uniqueEmail("twice");
      await createInvitation(tdb.db, deps, actors.of_admin, { email, organisationId: orgs.ofA.id, role: "of_member" });
      const first = mailer.lastToken(email, "invitation");
      await createInvitation(tdb.db, deps, actors.of_admin, { email, organisationId: orgs.ofA.id, role: "of_admin" });
      const second = mailer.lastToken(email, "invitation");
      expect((await domainError(() => describeInvitation(tdb.db, first, deps))).messageKey).toBe("auth.invitation.used");
      expect((await describeInvitation(tdb.db, second, deps)).role).toBe("of_admin");
    });
  });

  it("refuses to invite a current member, or someone from another kind of organisation", async () => {
    const { deps } = makeDeps();
    const colleague = await createMember(tdb.db, "of_member", { organisationId: orgs.ofA.id });
    const member = await domainError(() =>
      createInvitation(tdb.db, deps, actors.of_admin, { email: colleague.email, organisationId: orgs.ofA.id, role: "of_admin" }),
    );
    expect(member.fieldErrors).toEqual({ email: ["auth.invitation.alreadyMember"] });
    const otherKind = await domainError(() =>
      createInvitation(tdb.db, deps, actors.coordinator, {
        email: colleague.email,
        organisationId: orgs.funderA.id,
        role: "funder_reviewer",
      }),
    );
    expect(otherKind.fieldErrors).toEqual({ email: ["auth.invitation.otherKind"] });
  });
});
