import type { MessageKey } from "../../../domain/i18n/translate";
import type { Kysely } from "kysely";
import { randomBytes } from "node:crypto";
import type { Database, OrganisationKind, Role } from "../../../db/schema";
import { listUserMemberships } from "../../../domain/accounts/memberships.queries";
import type { AccountDeps } from "../../../domain/accounts/deps";
import { hashPassword } from "../../../domain/accounts/password";
import { completeSiret } from "../../../domain/organisations/identifiers";
import type { Mailer, OutgoingMail, StoredMail } from "../../../domain/mail/mailer";
import type { Actor } from "../../../domain/permissions/actor";
import { ROLE_ORGANISATION_KIND } from "../../../domain/permissions/actor";

/** A mailer that keeps mails in memory; `failNext` makes the next send throw. */
export class FakeMailer implements Mailer {
  sent: OutgoingMail[] = [];
  failNext = false;
  async send(mail: OutgoingMail): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("SMTP down");
    }
    this.sent.push(mail);
  }
  async listLocal(): Promise<StoredMail[] | null> {
    return null;
  }
  to(email: string): OutgoingMail[] {
    return this.sent.filter((m) => m.to === email);
  }
  last(email: string): OutgoingMail {
    const mail = this.to(email).at(-1);
    if (!mail) throw new Error(`no mail to ${email}`);
    return mail;
  }
  /** The token of the last link to `path` mailed to `email`. */
  lastToken(email: string, path: string): string {
    const match = this.last(email).text.match(new RegExp(`${PUBLIC_URL}/${path}/([a-z2-7]+)`));
    if (!match?.[1]) throw new Error(`no /${path}/ link in the last mail to ${email}`);
    return match[1];
  }
}

export const PUBLIC_URL = "http://portail.test";

/** A controllable clock and the deps services take. */
export function makeDeps(start = new Date("2026-12-01T09:00:00Z")) {
  const mailer = new FakeMailer();
  const state = { now: start };
  const accessChanged: string[] = [];
  const deps: AccountDeps & { now: () => Date } = {
    mailer,
    publicUrl: PUBLIC_URL,
    now: () => state.now,
    live: { userAccessChanged: (userId) => void accessChanged.push(userId) },
  };
  return {
    deps,
    mailer,
    accessChanged,
    clock: state,
    advance(ms: number) {
      state.now = new Date(state.now.getTime() + ms);
    },
  };
}

export const MINUTE_MS = 60 * 1000;
export const HOUR = 60 * MINUTE_MS;
export const DAY = 24 * HOUR;
export const PASSWORD = "correct horse battery";

let sequence = 0;
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}.${Date.now().toString(36)}.${++sequence}@exemple.fr`;
}

/** A valid, unused SIRET (random 13 digits + Luhn key). */
export function uniqueSiret(): string {
  const digits = Array.from(randomBytes(13), (b) => String(b % 10)).join("");
  return completeSiret(digits.replace(/^356/, "357"));
}

export function signupInput(overrides: Record<string, string> = {}) {
  return {
    email: uniqueEmail("of"),
    password: PASSWORD,
    fullName: "Camille Martin",
    organisationName: "Formations du Littoral",
    siret: uniqueSiret(),
    nda: "93131234567",
    ...overrides,
  };
}

let passwordHash: Promise<string> | undefined;

export async function createOrganisation(db: Kysely<Database>, kind: OrganisationKind, name = `${kind} ${++sequence}`) {
  const siret = kind === "of" ? uniqueSiret() : null;
  const row = await db
    .insertInto("organisations")
    .values({ kind, name, siret, siren: siret?.slice(0, 9) ?? null, nda: kind === "of" ? "11755555555" : null })
    .returning(["id", "kind", "name"])
    .executeTakeFirstOrThrow();
  return row;
}

/** A verified user with PASSWORD, member of `organisationId` (or of a new organisation of the role's kind). */
export async function createMember(
  db: Kysely<Database>,
  role: Role,
  options: { organisationId?: string; email?: string; verified?: boolean } = {},
): Promise<{ userId: string; email: string; organisationId: string; actor: Actor }> {
  passwordHash ??= hashPassword(PASSWORD);
  const organisationId = options.organisationId ?? (await createOrganisation(db, ROLE_ORGANISATION_KIND[role])).id;
  const email = options.email ?? uniqueEmail(role);
  const user = await db
    .insertInto("users")
    .values({
      email,
      full_name: `Membre ${role}`,
      password_hash: await passwordHash,
      email_verified_at: options.verified === false ? null : new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: user.id, organisation_id: organisationId, role }).execute();
  return { userId: user.id, email, organisationId, actor: await actorOf(db, user.id) };
}

export async function actorOf(db: Kysely<Database>, userId: string): Promise<Actor> {
  const user = await db.selectFrom("users").select(["id", "email", "full_name"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { userId: user.id, email: user.email, fullName: user.full_name, memberships: await listUserMemberships(db, userId) };
}

export async function countRows(db: Kysely<Database>, table: "organisations" | "users" | "memberships" | "email_tokens"): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs `fn` and returns the DomainError it throws (fails the test when it does not throw one). */
export async function domainError(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (error) {
    if ((error as { isDomainError?: boolean }).isDomainError) {
      return error as {
        kind: string;
        messageKey: MessageKey;
        params: Record<string, string | number>;
        fieldErrors: Record<string, string[]>;
      };
    }
    throw error;
  }
  throw new Error("expected a DomainError, got none");
}
