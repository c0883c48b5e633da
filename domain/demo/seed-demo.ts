import { sql, type Kysely } from "kysely";
import type { Database, OrganisationKind, Role } from "../../db/schema";
import { loadReferentiels } from "../../db/seed/load-referentiels";
import { hashPassword } from "../accounts/password";
import { completeSiret, sirenFromSiret } from "../organisations/identifiers";
import { applyDemoStage, type DemoStage } from "./demo-stages";
import { backdateDemoSubmission, makeDemoTakeDueSoon, spreadDemoEndedStages } from "./demo-delays";

export const DEMO_PASSWORD = "datadock-demo";
/** Days since the late demo dossier (Atlantique Compétences) was submitted: its take is late, its decision not yet. */
const LATE_DEMO_DAYS = 15;

interface DemoUser {
  email: string;
  fullName: string;
  role: Role;
}

interface DemoOrganisation {
  kind: OrganisationKind;
  name: string;
  users: DemoUser[];
  /** OFs only. */
  of?: { slug: string; siret13: string; nda: string; address: string; postalCode: string; city: string; region: string; stage: DemoStage };
}

const of = (
  slug: string,
  name: string,
  person: string,
  siret13: string,
  nda: string,
  address: string,
  postalCode: string,
  city: string,
  region: string,
  stage: DemoStage,
): DemoOrganisation => ({
  kind: "of",
  name,
  users: [{ email: `contact@${slug}.demo`, fullName: person, role: "of_admin" }],
  of: { slug, siret13, nda, address, postalCode, city, region, stage },
});

/** The demo world: one coordination, three funders, nine OFs each at a different stage. */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    kind: "coordination",
    name: "GIE Datadock — Coordination",
    users: [{ email: "coordination@datadock.demo", fullName: "Camille Coordination", role: "coordinator" }],
  },
  {
    kind: "funder",
    name: "Financeur A (OPCO démo)",
    users: [
      { email: "admin@financeur-a.demo", fullName: "Agnès Administratrice", role: "funder_admin" },
      { email: "alice@financeur-a.demo", fullName: "Alice Martin", role: "funder_reviewer" },
      { email: "bruno@financeur-a.demo", fullName: "Bruno Lefèvre", role: "funder_reviewer" },
    ],
  },
  {
    kind: "funder",
    name: "Financeur B (Région démo)",
    users: [{ email: "chloe@financeur-b.demo", fullName: "Chloé Bernard", role: "funder_reviewer" }],
  },
  {
    kind: "funder",
    name: "Financeur C (France Travail démo)",
    users: [{ email: "admin@financeur-c.demo", fullName: "Claude Durand", role: "funder_admin" }],
  },
  of(
    "of-exemple",
    "Organisme Exemple Formation",
    "Élise Exemple",
    "1234567800001",
    "11755555575",
    "12 rue de la Formation",
    "75011",
    "Paris",
    "Île-de-France",
    "brouillon",
  ),
  of(
    "of-atlantique",
    "Atlantique Compétences",
    "Yann Le Goff",
    "8123456780001",
    "53440000144",
    "3 quai de la Fosse",
    "44000",
    "Nantes",
    "Pays de la Loire",
    "soumis",
  ),
  of(
    "of-rhone",
    "Rhône Formation Pro",
    "Sofia Moreau",
    "4321987650002",
    "84690000169",
    "45 cours Lafayette",
    "69003",
    "Lyon",
    "Auvergne-Rhône-Alpes",
    "en_examen",
  ),
  of(
    "of-garonne",
    "Garonne Savoirs",
    "Hugo Petit",
    "5678123490001",
    "76310000131",
    "8 allées Jean-Jaurès",
    "31000",
    "Toulouse",
    "Occitanie",
    "a_completer",
  ),
  of(
    "of-nord",
    "Nord Avenir Formation",
    "Inès Lambert",
    "7788990010003",
    "31590000159",
    "20 rue Nationale",
    "59000",
    "Lille",
    "Hauts-de-France",
    "datadocke",
  ),
  of(
    "of-alsace",
    "Alsace Qualité Formation",
    "Lucas Schmitt",
    "3344556670001",
    "42670000167",
    "5 place Kléber",
    "67000",
    "Strasbourg",
    "Grand Est",
    "circuit_court",
  ),
  of(
    "of-bretagne",
    "Bretagne Métiers Formation",
    "Gwenaëlle Le Bihan",
    "6655443320001",
    "53350000135",
    "14 rue de Saint-Malo",
    "35000",
    "Rennes",
    "Bretagne",
    "mise_a_jour",
  ),
  of(
    "of-loire",
    "Loire Avenir Compétences",
    "Camille Rousseau",
    "4455667780002",
    "52440000148",
    "3 quai de la Fosse",
    "44000",
    "Nantes",
    "Pays de la Loire",
    "retour_apres_non_conforme",
  ),
  of(
    "of-provence",
    "Provence Certif Formation",
    "Mathieu Giraud",
    "2233445560004",
    "93130000172",
    "27 La Canebière",
    "13001",
    "Marseille",
    "Provence-Alpes-Côte d'Azur",
    "certificat_bientot_expire",
  ),
];

export const DEMO_ACCOUNTS = DEMO_ORGANISATIONS.flatMap((o) =>
  o.users.map((u) => ({ email: u.email, role: u.role, organisationName: o.name, stage: o.of?.stage ?? null })),
);

export interface SeedOptions {
  onProgress?: (step: string, done: number, total: number) => void;
  today?: Date;
}

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

/** Creates the demo world in one transaction; the référentiels are loaded first if missing. */
export async function seedDemo(db: Kysely<Database>, options: SeedOptions = {}): Promise<void> {
  const progress = options.onProgress ?? (() => {});
  const total = DEMO_ORGANISATIONS.length + 2;
  progress("référentiels", 0, total);
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once: argon2id is slow by design
  await db.transaction().execute(async (trx) => {
    await loadReferentiels(trx);
    progress("référentiels", 1, total);
    const ids = new Map<string, { organisationId: string; userIds: string[] }>();
    for (const [i, organisation] of DEMO_ORGANISATIONS.entries()) {
      const siret = organisation.of ? completeSiret(organisation.of.siret13) : null;
      const created = await trx
        .insertInto("organisations")
        .values({
          kind: organisation.kind,
          name: organisation.name,
          siret,
          siren: siret ? sirenFromSiret(siret) : null,
          nda: organisation.of?.nda ?? null,
          address: organisation.of?.address ?? null,
          postal_code: organisation.of?.postalCode ?? null,
          city: organisation.of?.city ?? null,
          region: organisation.of?.region ?? null,
          website: organisation.of ? `https://www.${organisation.of.slug}.example` : null,
          contact_email: organisation.users[0]?.email ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const userIds: string[] = [];
      for (const user of organisation.users) {
        const row = await trx
          .insertInto("users")
          .values({ email: user.email, full_name: user.fullName, password_hash: passwordHash, email_verified_at: new Date() })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx.insertInto("memberships").values({ user_id: row.id, organisation_id: created.id, role: user.role }).execute();
        userIds.push(row.id);
      }
      ids.set(organisation.name, { organisationId: created.id, userIds });
      progress(organisation.name, i + 2, total);
    }
    // Alice of Financeur A examines the demo dossiers that have reached a funder. The user indexes
    // below follow DEMO_ORGANISATIONS (every OF has a first user, Financeur A at least three).
    const funderA = ids.get("Financeur A (OPCO démo)")!;
    for (const organisation of DEMO_ORGANISATIONS) {
      if (!organisation.of) continue;
      const own = ids.get(organisation.name)!;
      await applyDemoStage(trx, {
        stage: organisation.of.stage,
        organisationId: own.organisationId,
        ofUserId: own.userIds[0]!,
        funderOrganisationId: funderA.organisationId,
        funderUserId: funderA.userIds[1]!,
        slug: organisation.of.slug,
        today: options.today,
      });
      if (organisation.of.stage === "en_examen") {
        // Bruno co-examines with Alice: only the examiner and their co-examiners decide (decision record 022).
        const dossier = await trx
          .selectFrom("dossiers")
          .select("id")
          .where("organisation_id", "=", own.organisationId)
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("dossier_co_examiners")
          .values({ dossier_id: dossier.id, user_id: funderA.userIds[2]!, added_by: funderA.userIds[1]! })
          .execute();
      }
    }
    // Delays (decision record 045): Atlantique's take is late, Alsace's due soon — the queue shows both —
    // and the closed dossiers took realistic times, for reporting.
    const submittedOf = async (name: string) =>
      (await trx.selectFrom("dossiers").select("id").where("organisation_id", "=", ids.get(name)!.organisationId).executeTakeFirstOrThrow())
        .id;
    await backdateDemoSubmission(trx, await submittedOf("Atlantique Compétences"), LATE_DEMO_DAYS);
    await makeDemoTakeDueSoon(trx, await submittedOf("Alsace Qualité Formation"), new Date());
    await spreadDemoEndedStages(trx);
    // Seeded history is not news: its domain events are not dispatched (no feed lines, pushes or mails; decision 030).
    await trx
      .updateTable("domain_events")
      .set({ dispatched_at: new Date(), claimed_by: "demo-seed" })
      .where("dispatched_at", "is", null)
      .execute();
  });
  progress("terminé", total, total);
}

/** Every business table, emptied: used by `npm run seed:demo -- --reset`. */
export async function resetDemo(db: Kysely<Database>, options: SeedOptions = {}): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db);
  if (rows.length > 0) {
    const list = rows.map((r) => `"${r.tablename}"`).join(", ");
    await sql.raw(`truncate table ${list} restart identity cascade`).execute(db);
  }
  await seedDemo(db, options);
}
