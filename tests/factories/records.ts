import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, DossierStatus, OrganisationKind, Role } from "../../db/schema";
import type { Actor } from "../../domain/permissions/actor";
import type { Mailer, OutgoingMail } from "../../domain/mail/mailer";
import { luhnValid } from "../../domain/organisations/identifiers";

type DB = Kysely<Database>;

const uniq = () => randomBytes(4).toString("hex");
let siretCounter = 0;
/** A unique SIRET with a valid Luhn check digit. */
export function nextSiret(): string {
  siretCounter += 1;
  const body = `${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}${String(siretCounter).padStart(7, "0")}`;
  for (let check = 0; check <= 9; check++) if (luhnValid(`${body}${check}`)) return `${body}${check}`;
  throw new Error("unreachable");
}

export interface MadeReferentiel {
  referentielId: string;
  versionId: string;
  indicators: { id: string; code: string }[];
}

/** A published référentiel version with `criteria` criteria of `perCriterion` indicators. */
export async function makeReferentiel(db: DB, opts: { criteria?: number; perCriterion?: number } = {}): Promise<MadeReferentiel> {
  const ref = await db
    .insertInto("referentiels")
    .values({ key: `test-${uniq()}`, name: `Référentiel test ${uniq()}`, is_open: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto("referentiel_versions")
    .values({ referentiel_id: ref.id, version: 1, status: "published", published_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const indicators: { id: string; code: string }[] = [];
  let position = 0;
  for (let c = 1; c <= (opts.criteria ?? 2); c++) {
    const criterion = await db
      .insertInto("criteria")
      .values({ version_id: version.id, number: c, title: `Critère ${c}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= (opts.perCriterion ?? 2); i++) {
      position += 1;
      const row = await db
        .insertInto("indicators")
        .values({
          version_id: version.id,
          criterion_id: criterion.id,
          code: `${c}.${i}`,
          position,
          title: `Indicateur ${c}.${i}`,
          verified: true,
        })
        .returning(["id", "code"])
        .executeTakeFirstOrThrow();
      indicators.push(row);
    }
  }
  return { referentielId: ref.id, versionId: version.id, indicators };
}

export interface MadeOrganisation {
  id: string;
  name: string;
  siret: string;
  users: { id: string; email: string; actor: Actor }[];
}

/** An organisation of `kind` with one user per role given. */
export async function makeOrganisation(
  db: DB,
  kind: OrganisationKind,
  roles: Role[],
  opts: { region?: string; name?: string } = {},
): Promise<MadeOrganisation> {
  const name = opts.name ?? `${kind} ${uniq()}`;
  const siret = nextSiret();
  const org = await db
    .insertInto("organisations")
    .values({
      kind,
      name,
      siret: kind === "of" ? siret : null,
      siren: kind === "of" ? siret.slice(0, 9) : null,
      nda: kind === "of" ? siret.slice(0, 11) : null,
      region: opts.region ?? (kind === "of" ? "Bretagne" : null),
      city: "Rennes",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const users = [];
  for (const role of roles) {
    const email = `${role}-${uniq()}@test.demo`;
    const user = await db
      .insertInto("users")
      .values({ email, full_name: `${role} ${name}`, email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("memberships").values({ user_id: user.id, organisation_id: org.id, role }).execute();
    users.push({
      id: user.id,
      email,
      actor: {
        userId: user.id,
        email,
        fullName: `${role} ${name}`,
        memberships: [{ organisationId: org.id, organisationKind: kind, organisationName: name, role }],
      },
    });
  }
  return { id: org.id, name, siret, users };
}

/** A dossier of `of` on `ref` at `status`, with an answer per indicator. */
export async function makeDossier(
  db: DB,
  of: { id: string },
  ref: MadeReferentiel,
  opts: { status?: DossierStatus; submittedDaysAgo?: number; examinerId?: string | null } = {},
): Promise<{ id: string; version: number }> {
  const submittedAt = new Date(Date.now() - (opts.submittedDaysAgo ?? 3) * 86_400_000);
  const dossier = await db
    .insertInto("dossiers")
    .values({
      organisation_id: of.id,
      referentiel_version_id: ref.versionId,
      status: opts.status ?? "soumis",
      submitted_at: submittedAt,
      examiner_id: opts.examinerId ?? null,
    })
    .returning(["id", "version"])
    .executeTakeFirstOrThrow();
  await db
    .insertInto("indicator_answers")
    .values(ref.indicators.map((i) => ({ dossier_id: dossier.id, indicator_id: i.id, description: `Réponse ${i.code}` })))
    .execute();
  return dossier;
}

/** Bumps an answer's version as the OF editing it would. */
export async function editAnswer(db: DB, dossierId: string, indicatorId: string): Promise<void> {
  await db
    .updateTable("indicator_answers")
    .set((eb) => ({ version: eb("version", "+", 1), description: "Réponse modifiée", changed_since_submission: true }))
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .execute();
}

/** A mailer that keeps what it is asked to send. */
export function memoryMailer(): Mailer & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
    },
    async listLocal() {
      return null;
    },
  };
}
