import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { signUp } from "../../../domain/accounts/signup.service";
import { resendVerification, verifyEmail } from "../../../domain/accounts/email-verification.service";
import { EMAIL_TOKENS_PER_HOUR } from "../../../domain/accounts/email-tokens";
import { hashToken } from "../../../domain/accounts/tokens";
import { translate } from "../../../domain/i18n/translate";
import { createMember, domainError, makeDeps, signupInput, HOUR, MINUTE_MS } from "./support";

describe("email verification", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  async function signedUp() {
    const ctx = makeDeps();
    const input = signupInput();
    const result = await signUp(tdb.db, ctx.deps, input);
    return { ...ctx, ...result, token: ctx.mailer.lastToken(result.email, "verification") };
  }

  async function verifiedAt(userId: string) {
    const row = await tdb.db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirstOrThrow();
    return row.email_verified_at;
  }

  it("confirms the address once; the link then says it was used", async () => {
    const { token, userId, deps, advance } = await signedUp();
    advance(HOUR);
    expect(await verifyEmail(tdb.db, token, deps)).toMatchObject({ userId });
    expect(await verifiedAt(userId)).not.toBeNull();

    const again = await domainError(() => verifyEmail(tdb.db, token, deps));
    expect(again).toMatchObject({ kind: "conflict", messageKey: "auth.verify.used" });
  });

  it("still works at 71 h 59 min, and is refused as expired from 72 h on", async () => {
    const early = await signedUp();
    early.advance(72 * HOUR - MINUTE_MS);
    await verifyEmail(tdb.db, early.token, early.deps);
    expect(await verifiedAt(early.userId)).not.toBeNull();

    const late = await signedUp();
    late.advance(72 * HOUR);
    const error = await domainError(() => verifyEmail(tdb.db, late.token, late.deps));
    expect(error).toMatchObject({ kind: "conflict", messageKey: "auth.verify.expired" });
    expect(await verifiedAt(late.userId)).toBeNull();
  });

  it.each([
    ["a well-formed unknown token", "a".repeat(52)],
    ["a malformed token", "not-a-token"],
    ["an empty token", ""],
  ])("refuses %s as unknown", async (_label, token) => {
    const error = await domainError(() => verifyEmail(tdb.db, token));
    expect(error).toMatchObject({ kind: "not_found", messageKey: "auth.verify.unknown" });
  });

  it("has three distinct French messages", () => {
    const messages = (["auth.verify.unknown", "auth.verify.used", "auth.verify.expired"] as const).map((k) => translate(k));
    expect(new Set(messages).size).toBe(3);
    for (const m of messages) expect(m).not.toMatch(/^auth\./);
  });

  it("does not accept a reset or invitation token as a verification token", async () => {
    const { token } = await signedUp();
    // Same secret, other kind: only verify_email tokens are looked up.
    await tdb.db.updateTable("email_tokens").set({ kind: "reset_password" }).where("token_hash", "=", hashToken(token)).execute();
    const error = await domainError(() => verifyEmail(tdb.db, token));
    expect(error.messageKey).toBe("auth.verify.unknown");
  });

  describe("resend", () => {
    it("mails a new working link to an unverified account", async () => {
      const { email, userId, deps, mailer } = await signedUp();
      await resendVerification(tdb.db, deps, { email: email.toUpperCase() });
      expect(mailer.to(email)).toHaveLength(2);
      const newToken = mailer.lastToken(email, "verification");
      await verifyEmail(tdb.db, newToken, deps);
      expect(await verifiedAt(userId)).not.toBeNull();
    });

    it("answers the same and sends nothing for an unknown or already verified address", async () => {
      const { deps, mailer } = await signedUp();
      const member = await createMember(tdb.db, "of_admin");
      await expect(resendVerification(tdb.db, deps, { email: "personne@exemple.fr" })).resolves.toBeUndefined();
      await expect(resendVerification(tdb.db, deps, { email: member.email })).resolves.toBeUndefined();
      expect(mailer.to("personne@exemple.fr")).toHaveLength(0);
      expect(mailer.to(member.email)).toHaveLength(0);
    });

    it("stops mailing after a few requests in an hour, silently", async () => {
      const { email, deps, mailer } = await signedUp();
      for (let i = 0; i < EMAIL_TOKENS_PER_HOUR + 3; i++) await resendVerification(tdb.db, deps, { email });
      expect(mailer.to(email)).toHaveLength(EMAIL_TOKENS_PER_HOUR);
    });

    it("refuses a malformed address with a field error", async () => {
      const { deps } = makeDeps();
      const error = await domainError(() => resendVerification(tdb.db, deps, { email: "nope" }));
      expect(error.fieldErrors.email).toEqual(["errors.email"]);
    });
  });
});
