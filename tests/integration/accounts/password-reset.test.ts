import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { logIn } from "../../../domain/accounts/login.service";
import { describeResetToken, requestPasswordReset, resetPassword } from "../../../domain/accounts/password-reset.service";
import { validateSessionToken } from "../../../domain/accounts/session.service";
import { createMember, domainError, makeDeps, PASSWORD, HOUR, MINUTE_MS, PUBLIC_URL } from "./support";

const NEW_PASSWORD = "une toute nouvelle phrase";

describe("password reset", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  it("answers the same for an unknown address, and mails nothing", async () => {
    const { deps, mailer } = makeDeps();
    await expect(requestPasswordReset(tdb.db, deps, { email: "personne@exemple.fr" })).resolves.toBeUndefined();
    expect(mailer.sent).toHaveLength(0);
  });

  it("mails a link valid one hour; resetting revokes all sessions and tells the live layer", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const sessions = [
      await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: "10.9.0.1" }),
      await logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: "10.9.0.2" }),
    ];
    const { deps, mailer, accessChanged, advance } = makeDeps(new Date());
    await requestPasswordReset(tdb.db, deps, { email: member.email.toUpperCase() });
    const mail = mailer.last(member.email);
    expect(mail.subject).toContain("réinitialisation");
    const token = mailer.lastToken(member.email, "reinitialisation");
    expect(mail.text).toContain(`${PUBLIC_URL}/reinitialisation/${token}`);
    expect(await describeResetToken(tdb.db, token, deps)).toEqual({ email: member.email });

    advance(59 * MINUTE_MS);
    const result = await resetPassword(tdb.db, deps, token, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(result.userId).toBe(member.userId);
    expect(result.revokedSessionIds).toHaveLength(2);
    expect(accessChanged).toEqual([member.userId]);
    for (const s of sessions) expect(await validateSessionToken(tdb.db, s.token)).toBeNull();

    const old = await domainError(() => logIn(tdb.db, { email: member.email, password: PASSWORD }, { ip: "10.9.0.3" }));
    expect(old.messageKey).toBe("auth.login.invalid");
    await logIn(tdb.db, { email: member.email, password: NEW_PASSWORD }, { ip: "10.9.0.3" });

    const reused = await domainError(() => resetPassword(tdb.db, deps, token, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }));
    expect(reused).toMatchObject({ kind: "conflict", messageKey: "auth.reset.used" });
  });

  it("expires after one hour", async () => {
    const member = await createMember(tdb.db, "funder_admin");
    const { deps, mailer, advance } = makeDeps(new Date());
    await requestPasswordReset(tdb.db, deps, { email: member.email });
    const token = mailer.lastToken(member.email, "reinitialisation");
    advance(HOUR);
    const error = await domainError(() => resetPassword(tdb.db, deps, token, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }));
    expect(error).toMatchObject({ kind: "conflict", messageKey: "auth.reset.expired" });
    expect((await domainError(() => describeResetToken(tdb.db, token, deps))).messageKey).toBe("auth.reset.expired");
  });

  it("validates the new password and its confirmation, keeping the token usable", async () => {
    const member = await createMember(tdb.db, "of_member");
    const { deps, mailer } = makeDeps(new Date());
    await requestPasswordReset(tdb.db, deps, { email: member.email });
    const token = mailer.lastToken(member.email, "reinitialisation");
    const short = await domainError(() => resetPassword(tdb.db, deps, token, { password: "court", confirmation: "court" }));
    expect(short.fieldErrors.password).toEqual(["auth.password.tooShort"]);
    const mismatch = await domainError(() =>
      resetPassword(tdb.db, deps, token, { password: NEW_PASSWORD, confirmation: "autre chose encore" }),
    );
    expect(mismatch.fieldErrors.confirmation).toEqual(["auth.password.mismatch"]);
    await resetPassword(tdb.db, deps, token, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
  });

  it("voids older reset links when one is used", async () => {
    const member = await createMember(tdb.db, "of_admin");
    const { deps, mailer } = makeDeps(new Date());
    await requestPasswordReset(tdb.db, deps, { email: member.email });
    const first = mailer.lastToken(member.email, "reinitialisation");
    await requestPasswordReset(tdb.db, deps, { email: member.email });
    const second = mailer.lastToken(member.email, "reinitialisation");
    await resetPassword(tdb.db, deps, second, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect((await domainError(() => describeResetToken(tdb.db, first, deps))).messageKey).toBe("auth.reset.used");
  });

  it("refuses unknown tokens", async () => {
    const error = await domainError(() =>
      resetPassword(tdb.db, {}, "b".repeat(52), { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }),
    );
    expect(error).toMatchObject({ kind: "not_found", messageKey: "auth.reset.unknown" });
  });

  it("confirms an unverified address (the link proves it)", async () => {
    const member = await createMember(tdb.db, "of_admin", { verified: false });
    const { deps, mailer } = makeDeps(new Date());
    await requestPasswordReset(tdb.db, deps, { email: member.email });
    await resetPassword(tdb.db, deps, mailer.lastToken(member.email, "reinitialisation"), {
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    await logIn(tdb.db, { email: member.email, password: NEW_PASSWORD }, { ip: "10.9.1.1" });
  });
});
