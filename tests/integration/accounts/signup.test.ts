import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { signUp } from "../../../domain/accounts/signup.service";
import { verifyPassword } from "../../../domain/accounts/password";
import { hashToken } from "../../../domain/accounts/tokens";
import { countRows, domainError, makeDeps, PASSWORD, PUBLIC_URL, signupInput, uniqueSiret, HOUR } from "./support";

describe("OF sign-up", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb?.close());

  async function counts() {
    const db = tdb.db;
    return {
      organisations: await countRows(db, "organisations"),
      users: await countRows(db, "users"),
      memberships: await countRows(db, "memberships"),
      tokens: await countRows(db, "email_tokens"),
    };
  }

  it("creates organisation, admin user, membership and a 72 h verification token, then mails the link", async () => {
    const { deps, mailer, clock } = makeDeps();
    const siret = uniqueSiret();
    const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
    const input = signupInput({ email: "Camille.Martin@Exemple.FR", siret: spaced, nda: "93 13 123 4567" });
    const result = await signUp(tdb.db, deps, input);

    expect(result.email).toBe("camille.martin@exemple.fr");
    expect(result.verificationMailSent).toBe(true);
    const organisation = await tdb.db
      .selectFrom("organisations")
      .selectAll()
      .where("id", "=", result.organisationId)
      .executeTakeFirstOrThrow();
    expect(organisation).toMatchObject({ kind: "of", siret, siren: siret.slice(0, 9), nda: "93131234567", name: "Formations du Littoral" });
    const user = await tdb.db.selectFrom("users").selectAll().where("id", "=", result.userId).executeTakeFirstOrThrow();
    expect(user.email).toBe("camille.martin@exemple.fr");
    expect(user.email_verified_at).toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash!, PASSWORD)).toBe(true);
    const membership = await tdb.db.selectFrom("memberships").selectAll().where("user_id", "=", result.userId).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ organisation_id: result.organisationId, role: "of_admin" });

    const mail = mailer.last("camille.martin@exemple.fr");
    expect(mail.subject).toContain("confirmez votre adresse");
    const token = mailer.lastToken("camille.martin@exemple.fr", "verification");
    expect(mail.text).toContain(`${PUBLIC_URL}/verification/${token}`);
    const stored = await tdb.db.selectFrom("email_tokens").selectAll().where("user_id", "=", result.userId).executeTakeFirstOrThrow();
    expect(stored.kind).toBe("verify_email");
    expect(stored.token_hash).toBe(hashToken(token));
    expect(stored.token_hash).not.toContain(token);
    expect(new Date(stored.expires_at).getTime() - clock.now.getTime()).toBe(72 * HOUR);
  });

  it.each([
    ["siret", { siret: "12345678901234" }, "auth.signup.siret.invalid"],
    ["siret", { siret: "1234" }, "auth.signup.siret.invalid"],
    ["siret", { siret: "7328293200007A" }, "auth.signup.siret.invalid"],
    ["nda", { nda: "1234567890" }, "auth.signup.nda.invalid"],
    ["nda", { nda: "123456789012" }, "auth.signup.nda.invalid"],
    ["nda", { nda: "93-13-ABC-4567" }, "auth.signup.nda.invalid"],
    ["password", { password: "court" }, "auth.password.tooShort"],
    ["password", { password: "x".repeat(257) }, "auth.password.tooLong"],
    ["email", { email: "pas-une-adresse" }, "errors.email"],
    ["email", { email: `${"a".repeat(250)}@exemple.fr` }, "auth.email.tooLong"],
    ["fullName", { fullName: "   " }, "errors.required"],
    ["organisationName", { organisationName: "" }, "errors.required"],
    ["organisationName", { organisationName: "x".repeat(201) }, "auth.organisationName.tooLong"],
  ])("refuses a bad %s (%j) with %s and stores nothing", async (field, override, key) => {
    const before = await counts();
    const { deps, mailer } = makeDeps();
    const error = await domainError(() => signUp(tdb.db, deps, signupInput(override)));
    expect(error.kind).toBe("validation");
    expect(error.fieldErrors[field]).toContain(key);
    expect(await counts()).toEqual(before);
    expect(mailer.sent).toHaveLength(0);
  });

  it("refuses a taken email (any case) on the email field, and a taken SIRET on the siret field", async () => {
    const { deps } = makeDeps();
    const first = signupInput();
    await signUp(tdb.db, deps, first);
    const before = await counts();

    const sameEmail = await domainError(() => signUp(tdb.db, deps, signupInput({ email: first.email.toUpperCase() })));
    expect(sameEmail.fieldErrors).toEqual({ email: ["auth.signup.email.taken"] });

    const sameSiret = await domainError(() => signUp(tdb.db, deps, signupInput({ siret: first.siret })));
    expect(sameSiret.fieldErrors).toEqual({ siret: ["auth.signup.siret.taken"] });

    const both = await domainError(() => signUp(tdb.db, deps, signupInput({ email: first.email, siret: first.siret })));
    expect(both.fieldErrors).toEqual({ email: ["auth.signup.email.taken"], siret: ["auth.signup.siret.taken"] });

    expect(await counts()).toEqual(before);
  });

  it("two simultaneous sign-ups with one email: one account, the other gets the field error", async () => {
    const { deps } = makeDeps();
    const email = signupInput().email;
    const results = await Promise.allSettled([signUp(tdb.db, deps, signupInput({ email })), signUp(tdb.db, deps, signupInput({ email }))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: "validation", fieldErrors: { email: ["auth.signup.email.taken"] } });
    const users = await tdb.db.selectFrom("users").select("id").where("email", "=", email).execute();
    expect(users).toHaveLength(1);
  });

  it("stores nothing half-way when a step fails inside the transaction", async () => {
    // A trigger makes the membership insert (third step) fail after organisation and user were inserted.
    await sql`create function fail_membership() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(
      tdb.db,
    );
    await sql`create trigger fail_membership before insert on memberships for each row execute function fail_membership()`.execute(tdb.db);
    try {
      const before = await counts();
      const { deps, mailer } = makeDeps();
      await expect(signUp(tdb.db, deps, signupInput())).rejects.toThrow(/boom/);
      expect(await counts()).toEqual(before);
      expect(mailer.sent).toHaveLength(0);
    } finally {
      await sql`drop trigger fail_membership on memberships`.execute(tdb.db);
      await sql`drop function fail_membership()`.execute(tdb.db);
    }
  });

  it("keeps the account when the mail cannot leave, and says so", async () => {
    const { deps, mailer } = makeDeps();
    mailer.failNext = true;
    const result = await signUp(tdb.db, deps, signupInput());
    expect(result.verificationMailSent).toBe(false);
    const user = await tdb.db.selectFrom("users").select("id").where("id", "=", result.userId).executeTakeFirst();
    expect(user).toBeDefined();
  });
});
