import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { logIn } from "../../../domain/accounts/login.service";
import { logOut, logOutEverywhere } from "../../../domain/accounts/logout.service";
import { createSession, SESSION_LIFETIME_MS, validateSessionToken } from "../../../domain/accounts/session.service";
import { createMember, makeDeps, PASSWORD, DAY } from "./support";

describe("sessions", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  const start = new Date("2026-12-01T09:00:00Z");
  const later = (days: number) => new Date(start.getTime() + days * DAY);

  it("lasts 30 days, then no longer validates (and is revoked)", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const { token, expiresAt } = await createSession(tdb.db, member.userId, {}, start);
    expect(expiresAt.getTime()).toBe(start.getTime() + SESSION_LIFETIME_MS);
    expect(await validateSessionToken(tdb.db, token, later(29.9))).not.toBeNull();

    const other = await createSession(tdb.db, member.userId, {}, start);
    expect(await validateSessionToken(tdb.db, other.token, later(30))).toBeNull();
    const row = await tdb.db
      .selectFrom("sessions")
      .select("revoked_at")
      .where("expires_at", "=", other.expiresAt)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it("is not extended while 15 days or more remain", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const { token, expiresAt } = await createSession(tdb.db, member.userId, {}, start);
    const session = await validateSessionToken(tdb.db, token, later(14));
    expect(session?.renewed).toBe(false);
    expect(session?.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  it("is extended to 30 days from now when fewer than 15 days remain (sliding)", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const { token } = await createSession(tdb.db, member.userId, {}, start);
    const now = later(16);
    const session = await validateSessionToken(tdb.db, token, now);
    expect(session?.renewed).toBe(true);
    expect(session?.expiresAt.getTime()).toBe(now.getTime() + SESSION_LIFETIME_MS);
    // Stored: still valid 45 days after creation, thanks to the extension.
    expect(await validateSessionToken(tdb.db, token, later(45))).not.toBeNull();
  });

  it("refuses unknown and malformed tokens", async () => {
    expect(await validateSessionToken(tdb.db, "a".repeat(52))).toBeNull();
    expect(await validateSessionToken(tdb.db, "../../etc")).toBeNull();
  });

  it("logout revokes this session only", async () => {
    const member = await createMember(tdb.db, "funder_reviewer");
    const here = await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: "10.1.0.1" });
    const there = await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: "10.1.0.2" });
    const session = await validateSessionToken(tdb.db, here.token);
    await logOut(tdb.db, session!.sessionId);
    expect(await validateSessionToken(tdb.db, here.token)).toBeNull();
    expect(await validateSessionToken(tdb.db, there.token)).not.toBeNull();
  });

  it("logout everywhere revokes every session of the user, not others', and tells the live layer", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const bystander = await createMember(tdb.db, "of_member", { organisationId: member.organisationId });
    const tokens = [];
    for (const ip of ["10.2.0.1", "10.2.0.2", "10.2.0.3"]) {
      tokens.push((await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip })).token);
    }
    const theirs = await logIn(tdb.db, { email: bystander.email, password: PASSWORD }, { ip: "10.2.0.4" });
    const { deps, accessChanged } = makeDeps();

    expect(await logOutEverywhere(tdb.db, deps, member.userId)).toBe(3);
    for (const token of tokens) expect(await validateSessionToken(tdb.db, token)).toBeNull();
    expect(await validateSessionToken(tdb.db, theirs.token)).not.toBeNull();
    expect(accessChanged).toEqual([member.userId]);
  });

  it("stops validating when the user is disabled", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const { token } = await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: "10.3.0.1" });
    await tdb.db.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", member.userId).execute();
    expect(await validateSessionToken(tdb.db, token)).toBeNull();
  });
});
