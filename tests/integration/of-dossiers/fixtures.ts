import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../../db/schema";
import type { Actor } from "../../../domain/permissions/actor";
import { ofScopeOf, type OfScope } from "../../../domain/dossiers/of-scope";

/** A small published, open référentiel: 2 criteria, 3 indicators (1.2 needs proof even in circuit court). */
export async function createReferentiel(db: Kysely<Database>) {
  const ref = await db
    .insertInto("referentiels")
    .values({ key: `test-${randomBytes(3).toString("hex")}`, name: "Référentiel de test", is_open: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto("referentiel_versions")
    .values({ referentiel_id: ref.id, version: 1, status: "published", published_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const c1 = await db
    .insertInto("criteria")
    .values({ version_id: version.id, number: 1, title: "Objectifs" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const c2 = await db
    .insertInto("criteria")
    .values({ version_id: version.id, number: 2, title: "Accueil" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("indicators")
    .values([
      { version_id: version.id, criterion_id: c1.id, code: "1.1", position: 1, title: "Objectifs définis", verified: true },
      {
        version_id: version.id,
        criterion_id: c1.id,
        code: "1.2",
        position: 2,
        title: "Public visé",
        verified: true,
        circuit_court_exempts_proof: false,
      },
      { version_id: version.id, criterion_id: c2.id, code: "2.1", position: 1, title: "Accueil des stagiaires", verified: true },
    ])
    .execute();
  return { referentielId: ref.id, versionId: version.id };
}

let counter = 0;
function digits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
}

export async function createOrganisationWithUser(
  db: Kysely<Database>,
  kind: "of" | "funder" | "coordination",
  role: Role,
  name = `Org ${++counter}`,
): Promise<{ organisationId: string; userId: string; actor: Actor }> {
  const siren = digits(9);
  const org = await db
    .insertInto("organisations")
    .values({
      kind,
      name,
      siren: kind === "of" ? siren : null,
      siret: kind === "of" ? `${siren}${digits(5)}` : null,
      nda: kind === "of" ? digits(11) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ email: `u${++counter}-${randomBytes(3).toString("hex")}@test.demo`, full_name: `Utilisateur ${counter}` })
    .returning(["id", "email", "full_name"])
    .executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: user.id, organisation_id: org.id, role }).execute();
  return {
    organisationId: org.id,
    userId: user.id,
    actor: {
      userId: user.id,
      email: user.email,
      fullName: user.full_name,
      memberships: [{ organisationId: org.id, organisationKind: kind, organisationName: name, role }],
    },
  };
}

export async function createOf(db: Kysely<Database>, name?: string): Promise<OfScope & { userId: string }> {
  const { actor, userId } = await createOrganisationWithUser(db, "of", "of_admin", name);
  return { ...ofScopeOf(actor), userId };
}

/** A file row as if uploaded (content irrelevant for dossier rules). */
export async function fakeFile(db: Kysely<Database>, organisationId: string, name = "preuve.pdf") {
  const row = await db
    .insertInto("files")
    .values({
      organisation_id: organisationId,
      store: "disk",
      storage_key: `test/${randomBytes(6).toString("hex")}`,
      file_name: name,
      content_type: "application/pdf",
      size_bytes: 10,
      sha256: "0".repeat(64),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a funder does (issue 4), reduced to rows: take the dossier and decide indicators. */
export async function funderDecides(
  db: Kysely<Database>,
  dossierId: string,
  decisions: Record<string, "valide" | "a_completer" | "non_conforme">,
  finalStatus: "a_completer" | "datadocke" = "a_completer",
) {
  const dossier = await db.selectFrom("dossiers").selectAll().where("id", "=", dossierId).executeTakeFirstOrThrow();
  const indicators = await db
    .selectFrom("indicators")
    .select(["id", "code"])
    .where("version_id", "=", dossier.referentiel_version_id)
    .execute();
  for (const [code, decision] of Object.entries(decisions)) {
    const indicator = indicators.find((i) => i.code === code)!;
    const answer = await db
      .selectFrom("indicator_answers")
      .select("version")
      .where("dossier_id", "=", dossierId)
      .where("indicator_id", "=", indicator.id)
      .executeTakeFirst();
    await db
      .insertInto("indicator_reviews")
      .values({
        dossier_id: dossierId,
        indicator_id: indicator.id,
        decision,
        reason: decision === "valide" ? null : `Motif pour ${code}`,
        answer_version: answer?.version ?? 1,
      })
      .onConflict((oc) =>
        oc.columns(["dossier_id", "indicator_id"]).doUpdateSet({
          decision,
          reason: decision === "valide" ? null : `Motif pour ${code}`,
          answer_version: answer?.version ?? 1,
          stale: false,
        }),
      )
      .execute();
  }
  await db.updateTable("dossiers").set({ status: finalStatus }).where("id", "=", dossierId).execute();
}
