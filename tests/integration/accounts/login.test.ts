import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { logIn } from "../../../domain/accounts/login.service";
import { ACCOUNT_ADDRESS_POLICY, ADDRESS_POLICY, delayAfter, RESTART_AFTER_MS } from "../../../domain/accounts/login-throttle";
import { requestPasswordReset, resetPassword } from "../../../domain/accounts/password-reset.service";
import { validateSessionToken } from "../../../domain/accounts/session.service";
import { translate } from "../../../domain/i18n/translate";
import { createMember, domainError, makeDeps, PASSWORD } from "./support";

describe("login", () => {
  let tdb: TestDatabase;
  let ipSeq = 0;
  const freshIp = () => `10.0.0.${++ipSeq}`;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  /** The failures counted for an (account, address) pair, or for the address alone (account ''). */
  const failures = async (account: string, address: string) =>
    (
      await tdb.db
        .selectFrom("login_throttles")
        .select("failures")
        .where("account", "=", account)
        .where("address", "=", address)
        .executeTakeFirst()
    )?.failures ?? 0;

  it("opens a session for the right password, whatever the email's case", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const result = await logIn(tdb.db, { email: member.email.toUpperCase(), password: PASSWORD }, { ip: freshIp(), userAgent: "vitest" });
    expect(result.actor.userId).toBe(member.userId);
    expect(result.actor.memberships).toEqual([
      expect.objectContaining({ organisationId: member.organisationId, role: "of_admin", organisationKind: "of" }),
    ]);
    const session = await validateSessionToken(tdb.db, result.token);
    expect(session?.actor.userId).toBe(member.userId);
    const row = await tdb.db.selectFrom("sessions").selectAll().where("user_id", "=", member.userId).executeTakeFirstOrThrow();
    expect(row.user_agent).toBe("vitest");
    expect(row.id).not.toBe(result.token);
  });

  it("answers the same for a wrong password and an unknown email, and records both failures", async () => {
    const member = await createMember(tdb.db, "funder_reviewer");
    const [ipWrong, ipUnknown] = [freshIp(), freshIp()];
    const wrong = await domainError(() => logIn(tdb.db, { email: member.email, password: "not the password" }, { ip: ipWrong }));
    const unknown = await domainError(() => logIn(tdb.db, { email: "inconnu@exemple.fr", password: PASSWORD }, { ip: ipUnknown }));
    expect(wrong).toMatchObject({ kind: "unauthenticated", messageKey: "auth.login.invalid" });
    expect(unknown).toMatchObject({ kind: "unauthenticated", messageKey: "auth.login.invalid" });
    expect(await failures(member.email, ipWrong)).toBe(1);
    expect(await failures("inconnu@exemple.fr", ipUnknown)).toBe(1);
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
    const wrong = (email: string, ip: string, at: () => Date) =>
      domainError(() => logIn(tdb.db, { email, password: "mauvais mot" }, { ip, now: at }));

    it("never locks the owner out: many failures from address A leave the owner's login from address B untouched", async () => {
      const member = await createMember(tdb.db, "of_admin");
      const [attacker, owner] = [freshIp(), freshIp()];
      let now = new Date("2026-12-01T10:00:00Z");
      const at = () => now;
      // Ten failures from A within about five minutes (each after the previous wait).
      for (let n = 1; n <= 10; n++) {
        expect((await wrong(member.email, attacker, at)).messageKey).toBe("auth.login.invalid");
        if (n < 10) now = new Date(now.getTime() + delayAfter(n, ACCOUNT_ADDRESS_POLICY));
      }
      // Address A now waits, even with the right password…
      const refused = await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: attacker, now: at }));
      expect(refused).toMatchObject({ kind: "rate_limited", messageKey: "auth.login.throttled", params: { minutes: 6 } });
      // …but the owner at address B logs in at once.
      const result = await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: owner, now: at });
      expect(result.actor.userId).toBe(member.userId);
    });

    it("makes address A wait longer after each failure (doubling, capped), and does not count refused attempts", async () => {
      const member = await createMember(tdb.db, "of_admin");
      const ip = freshIp();
      let now = new Date("2026-12-02T10:00:00Z");
      const at = () => now;
      const waits: number[] = [];
      for (let n = 1; n <= 14; n++) {
        expect((await wrong(member.email, ip, at)).messageKey).toBe("auth.login.invalid");
        const wait = delayAfter(n, ACCOUNT_ADDRESS_POLICY);
        waits.push(wait);
        if (wait === 0) continue;
        // One second before the wait ends: refused, the password is not checked, nothing counted.
        now = new Date(now.getTime() + wait - 1000);
        const early = await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip, now: at }));
        expect(early.kind).toBe("rate_limited");
        expect(await failures(member.email, ip)).toBe(n);
        now = new Date(now.getTime() + 1000);
      }
      expect(waits).toEqual([0, 0, 0, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 900_000, 900_000, 900_000]);

      const minutes = await domainError(() =>
        wrong(member.email, ip, at).then(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip, now: at })),
      );
      expect(minutes).toMatchObject({ kind: "rate_limited", messageKey: "auth.login.throttled", params: { minutes: 15 } });
      expect(translate(minutes.messageKey, minutes.params)).toBe(
        "Trop de tentatives de connexion infructueuses depuis cette adresse. Réessayez dans 15 min, ou réinitialisez votre mot de passe (« Mot de passe oublié ») pour vous connecter tout de suite.",
      );
      // A day without failures: the counter starts again from zero.
      now = new Date(now.getTime() + RESTART_AFTER_MS + 1);
      expect((await wrong(member.email, ip, at)).messageKey).toBe("auth.login.invalid");
      expect(await failures(member.email, ip)).toBe(1);
    });

    it(`slows an address down after ${ADDRESS_POLICY.freeFailures} failures over any accounts; other addresses are unaffected`, async () => {
      const victim = await createMember(tdb.db, "funder_admin");
      const ip = freshIp();
      const now = new Date("2026-12-03T08:00:00Z");
      const at = () => now;
      for (let i = 0; i < ADDRESS_POLICY.freeFailures + 1; i++) {
        expect((await wrong(`sweep${i}@exemple.fr`, ip, at)).messageKey).toBe("auth.login.invalid");
      }
      const slowed = await domainError(() => logIn(tdb.db, { email: victim.email, password: PASSWORD }, { ip, now: at }));
      expect(slowed).toMatchObject({ kind: "rate_limited", messageKey: "auth.login.throttledSeconds", params: { seconds: 5 } });
      const elsewhere = await logIn(tdb.db, { email: victim.email, password: PASSWORD }, { ip: freshIp(), now: at });
      expect(elsewhere.actor.userId).toBe(victim.userId);
    });

    it("forgets the (account, address) pair on a successful login, but not the address's sweep counter", async () => {
      const member = await createMember(tdb.db, "of_admin");
      const ip = freshIp();
      const at = () => new Date("2026-12-04T08:00:00Z");
      await wrong("someone.else@exemple.fr", ip, at);
      for (let i = 0; i < ACCOUNT_ADDRESS_POLICY.freeFailures; i++) await wrong(member.email, ip, at);
      await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip, now: at });
      expect(await failures(member.email, ip)).toBe(0);
      expect(await failures("", ip)).toBe(ACCOUNT_ADDRESS_POLICY.freeFailures + 1);
    });

    it("a completed password reset clears the account's throttles, so the owner gets in at once, even past a sweep on their address", async () => {
      const member = await createMember(tdb.db, "of_admin");
      const ip = freshIp();
      const { deps, mailer, clock } = makeDeps(new Date("2026-12-05T08:00:00Z"));
      const at = () => clock.now;
      // The owner's own address is throttled for the account, and for a sweep over other accounts.
      for (let i = 0; i < ADDRESS_POLICY.freeFailures; i++) await wrong(`sweep.${i}.${ip}@exemple.fr`, ip, at);
      for (let i = 0; i < ACCOUNT_ADDRESS_POLICY.freeFailures + 2; i++) await wrong(member.email, ip, at);
      expect((await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip, now: at }))).kind).toBe(
        "rate_limited",
      );

      await requestPasswordReset(tdb.db, deps, { email: member.email });
      const NEW = "une toute nouvelle phrase";
      await resetPassword(tdb.db, deps, mailer.lastToken(member.email, "reinitialisation"), { password: NEW, confirmation: NEW });
      expect(await failures(member.email, ip)).toBe(0);
      const result = await logIn(tdb.db, { email: member.email, password: NEW }, { ip, now: at });
      expect(result.actor.userId).toBe(member.userId);
      // The sweep brake still holds for other accounts at that address.
      const other = await createMember(tdb.db, "of_admin");
      expect((await domainError(() => logIn(tdb.db, { email: other.email, password: PASSWORD }, { ip, now: at }))).kind).toBe(
        "rate_limited",
      );
    });
  });
});
