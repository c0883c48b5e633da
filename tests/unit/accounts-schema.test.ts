import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  EMAIL_MAX_LENGTH,
  FULL_NAME_MAX_LENGTH,
  ORGANISATION_NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  REGION_MAX_LENGTH,
  loginSchema,
  newPasswordSchema,
  signupSchema,
} from "../../domain/accounts/accounts.schema";
import { PASSWORD_MAX_LENGTH as HASH_MAX, PASSWORD_MIN_LENGTH as HASH_MIN } from "../../domain/accounts/password";
import { fr } from "../../domain/i18n/fr/index";
import { hasMessage, translate, type MessageKey } from "../../domain/i18n/translate";

describe("accounts schemas", () => {
  it("normalise the sign-up: lower-case email, SIRET and NDA digits only, SIREN derived", () => {
    const value = signupSchema.parse({
      email: " Camille@Exemple.FR ",
      password: "0123456789",
      fullName: " Camille ",
      organisationName: " OF ",
      siret: "732 829 320 00074",
      nda: "93 13 123 4567",
    });
    expect(value).toEqual({
      email: "camille@exemple.fr",
      password: "0123456789",
      fullName: "Camille",
      organisationName: "OF",
      siret: "73282932000074",
      siren: "732829320",
      nda: "93131234567",
    });
  });

  it("never trims passwords", () => {
    expect(loginSchema.parse({ email: "a@exemple.fr", password: " secret " }).password).toBe(" secret ");
    expect(newPasswordSchema.safeParse({ password: " 123456789", confirmation: " 123456789" }).success).toBe(true);
  });

  it("share their limits with password.ts", () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([HASH_MIN, HASH_MAX]);
  });

  it.each<[MessageKey, number]>([
    ["auth.email.tooLong", EMAIL_MAX_LENGTH],
    ["auth.password.tooShort", PASSWORD_MIN_LENGTH],
    ["auth.password.tooLong", PASSWORD_MAX_LENGTH],
    ["auth.fullName.tooLong", FULL_NAME_MAX_LENGTH],
    ["auth.organisationName.tooLong", ORGANISATION_NAME_MAX_LENGTH],
    ["funders.region.tooLong", REGION_MAX_LENGTH],
  ])("the French message %s states the limit %i", (key, limit) => {
    expect(translate(key)).toContain(String(limit));
  });
});

/** Every literal catalogue key used by the accounts area exists in the French catalogue. */
describe("accounts message keys", () => {
  const root = join(import.meta.dirname, "..", "..");
  const files = [
    ...listFiles(join(root, "domain", "accounts")),
    ...[
      "login.tsx",
      "inscription.tsx",
      "verification.$token.tsx",
      "verification.renvoyer.tsx",
      "mot-de-passe-oublie.tsx",
      "reinitialisation.$token.tsx",
      "invitation.$token.tsx",
      "deconnexion-partout.tsx",
      "organisme.equipe.tsx",
      "financeur.equipe.tsx",
      "coordination.financeurs.tsx",
    ].map((f) => join(root, "app", "routes", f)),
    join(root, "app", "components", "team-panel.tsx"),
  ];

  it("are all defined", () => {
    const missing = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/"((?:auth|team|funders|errors|role|nav)\.[A-Za-z0-9_.]+)"/g)) {
        const [, key = ""] = match;
        // A prefix (`auth.verify` + `.unknown`…) is fine when keys below it exist.
        const isPrefix = Object.keys(fr).some((known) => known.startsWith(`${key}.`));
        if (!hasMessage(key) && !isPrefix) missing.add(key);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("include every token error (unknown, used, expired) of every link kind, and the mail templates", () => {
    for (const area of ["verify", "reset", "invitation"]) {
      for (const reason of ["unknown", "used", "expired"]) expect(hasMessage(`auth.${area}.${reason}`)).toBe(true);
      expect(hasMessage(`auth.mail.${area}.subject`)).toBe(true);
      expect(hasMessage(`auth.mail.${area}.body`)).toBe(true);
    }
    for (const notice of ["passwordChanged", "loggedOutEverywhere", "emailVerified"]) {
      expect(hasMessage(`auth.login.notice.${notice}`)).toBe(true);
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}
