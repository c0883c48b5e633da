import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { logIn } from "../../../domain/accounts/login.service";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from "../../../domain/accounts/login-throttle";
import { validateSessionToken } from "../../../domain/accounts/session.service";
import { translate } from "../../../domain/i18n/translate";
import { createMember, domainError, PASSWORD, MINUTE_MS } from "./support";

describe("login", () => {
  let tdb: TestDatabase;
  let ipSeq = 0;
  const freshIp = () => `10.0.0.${++ipSeq}`;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  const failures = async (email: string) =>
    Number(
      (
        await tdb.db
          .selectFrom("auth_failures")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("email", "=", email)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("opens a session for the right password, whatever the email's case", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const result = await logIn(tdb.db, { email: member.email.toUpperCase(), password: PASSWORD }, { ip: freshIp(), userAgent: "vitest" });
    expect(result.actor.userId).toBe(member.userId);
    expect(result.actor.memberships).toEqual([expect.objectContaining({ organisationId: member.organisationId, role: "of_admin", organisationKind: "of" })]);
    const session = await validateSessionToken(tdb.db, result.token);
    expect(session?.actor.userId).toBe(member.userId);
    const row = await tdb.db.selectFrom("sessions").selectAll().where("user_id", "=", member.userId).executeTakeFirstOrThrow();
    expect(row.user_agent).toBe("vitest");
    expect(row.id).not.toBe(result.token);
  });

  it("answers the same for a wrong password and an unknown email, and records both failures", async () => {
    const member = await createMember(tdb.db, "funder_reviewer");
    const wrong = await domainError(() => logIn(tdb.db, { email: member.email, password: "not the password" }, { ip: freshIp() }));
    const unknown = await domainError(() => logIn(tdb.db, { email: "inconnu@exemple.fr", password: PASSWORD }, { ip: freshIp() }));
    expect(wrong).toMatchObject({ kind: "unauthenticated", messageKey: "auth.login.invalid" });
    expect(unknown).toMatchObject({ kind: "unauthenticated", messageKey: "auth.login.invalid" });
    expect(await failures(member.email)).toBe(1);
    expect(await failures("inconnu@exemple.fr")).toBe(1);
    expect(translate("auth.login.invalid")).toBe("Adresse e-mail ou mot de passe incorrect.");
  });

  it("refuses an unverified email with its own message (the page offers a resend), opening no session", async () => {
    const member = await createMember(tdb.db, "of_admin", { verified: false });
    const error = await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: freshIp() }));
    expect(error).toMatchObject({ kind: "forbidden", messageKey: "auth.login.unverified" });
    const sessions = await tdb.db.selectFrom("sessions").select("id").where("user_id", "=", member.userId).execute();
    expect(sessions).toHaveLength(0);
  });

  it("refuses a disabled account once the password is right", async () => {
    const member = await createMember(tdb.db, "of_member");
    await tdb.db.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", member.userId).execute();
    const error = await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: freshIp() }));
    expect(error.messageKey).toBe("auth.login.disabled");
  });

  it("validates the fields", async () => {
    const error = await domainError(() => logIn(tdb.db, { email: "x", password: "" }, { ip: freshIp() }));
    expect(error.fieldErrors).toMatchObject({ email: ["errors.email"], password: ["errors.required"] });
  });

  describe("throttling", () => {
    it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures in 15 minutes, even for the right password, and says how long`, async () => {
      const member = await createMember(tdb.db, "of_admin");
      let now = new Date("2026-12-01T10:00:00Z");
      const at = () => now;
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
        // Each attempt from another IP: the per-account limit alone applies.
        const e = await domainError(() => logIn(tdb.db, { email: member.email, password: "mauvais mot" }, { ip: freshIp(), now: at }));
        expect(e.messageKey).toBe("auth.login.invalid");
        now = new Date(now.getTime() + MINUTE_MS);
      }
      // Last failure at 10:04; the first at 10:00 leaves the window at 10:15.
      const locked = await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: freshIp(), now: at }));
      expect(locked).toMatchObject({ kind: "rate_limited", messageKey: "auth.login.throttled", params: { minutes: 10 } });
      expect(translate(locked.messageKey, locked.params)).toBe(
        "Trop de tentatives de connexion infructueuses. Réessayez dans 10 min, ou réinitialisez votre mot de passe.",
      );
      // Locked attempts are not counted (they would extend the lock forever).
      expect(await failures(member.email)).toBe(MAX_FAILURES_PER_ACCOUNT);

      now = new Date("2026-12-01T10:15:00.001Z");
      const result = await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: freshIp(), now: at });
      expect(result.actor.userId).toBe(member.userId);
      expect(await failures(member.email)).toBe(0);
    });

    it("forgets an account's failures on a successful login", async () => {
      const member = await createMember(tdb.db, "of_admin");
      const ip = freshIp();
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
        await domainError(() => logIn(tdb.db, { email: member.email, password: "mauvais mot" }, { ip }));
      }
      await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip });
      expect(await failures(member.email)).toBe(0);
      // A new run of failures starts from zero.
      await domainError(() => logIn(tdb.db, { email: member.email, password: "mauvais mot" }, { ip }));
      const ok = await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip });
      expect(ok.actor.userId).toBe(member.userId);
    });

    it(`locks an IP after ${MAX_FAILURES_PER_IP} failures on any accounts in 15 minutes; other IPs are unaffected`, async () => {
      const victim = await createMember(tdb.db, "funder_admin");
      const ip = freshIp();
      const now = new Date("2026-12-02T08:00:00Z");
      const at = () => now;
      for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
        const e = await domainError(() => logIn(tdb.db, { email: `sweep${i}@exemple.fr`, password: "mauvais mot" }, { ip, now: at }));
        expect(e.messageKey).toBe("auth.login.invalid");
      }
      const locked = await domainError(() => logIn(tdb.db, { email: victim.email, password: PASSWORD }, { ip, now: at }));
      expect(locked).toMatchObject({ kind: "rate_limited", messageKey: "auth.login.throttled", params: { minutes: 15 } });
      expect(translate(locked.messageKey, locked.params)).toContain("15 min");

      const elsewhere = await logIn(tdb.db, { email: victim.email, password: PASSWORD }, { ip: freshIp(), now: at });
      expect(elsewhere.actor.userId).toBe(victim.userId);
    });

    it("counts failures only within the last 15 minutes", async () => {
      const member = await createMember(tdb.db, "of_admin");
      let now = new Date("2026-12-03T08:00:00Z");
      const at = () => now;
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT * 2; i++) {
        // One failure every 4 minutes: never 5 within 15 minutes.
        const e = await domainError(() => logIn(tdb.db, { email: member.email, password: "mauvais mot" }, { ip: freshIp(), now: at }));
        expect(e.messageKey).toBe("auth.login.invalid");
        now = new Date(now.getTime() + 4 * MINUTE_MS);
      }
    });
  });
});
