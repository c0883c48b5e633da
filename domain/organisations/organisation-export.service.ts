import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { forbidden, notFound } from "../errors";
import { sanitizeFileName } from "../files/file-name";
import { storeHolding, type FileStore } from "../files/file-store";
import { createPostgresFileStore } from "../files/postgres-file-store";
import { t } from "../i18n/translate";
import type { Actor } from "../permissions/actor";
import { canExportOrganisationData } from "../permissions/policy";

/**
 * Everything an OF's organisation holds in Datadock, as one ZIP (issue 14.8, GDPR right of access
 * and portability, decision record 039): its profile and change log, members, circuit-court
 * certificates and attestations; for each dossier its answers, evidence, self-assessment, corrective
 * actions, decisions and their history, threads and messages, rounds, controls and event log (JSON);
 * and the bytes of every file the organisation uploaded or was sent in its threads.
 *
 * The JSON parts are small and read first; the files are streamed one after the other from the file
 * store into the archive, which is streamed to the client as it is written: the archive is never
 * held whole in memory or on disk. Funders' internal notes and alerts are theirs, not the OF's.
 */
export interface OrganisationExport {
  fileName: string;
  /** The ZIP's bytes, produced as they are read. */
  stream: Readable;
}

type Db = Kysely<Database>;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function exportOrganisationData(
  db: Db,
  files: FileStore,
  actor: Actor,
  organisationId: string,
  now = new Date(),
): Promise<OrganisationExport> {
  if (!canExportOrganisationData(actor, organisationId)) throw forbidden();
  const organisation = await db.selectFrom("organisations").selectAll().where("id", "=", organisationId).executeTakeFirst();
  if (!organisation || organisation.kind !== "of") throw notFound();

  const parts: Array<{ name: string; content: string }> = [];
  parts.push({ name: "organisme.json", content: json(await organisationPart(db, organisationId)) });
  const dossiers = await db
    .selectFrom("dossiers")
    .innerJoin("referentiel_versions", "referentiel_versions.id", "dossiers.referentiel_version_id")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .select(["dossiers.id", "referentiels.key", "referentiel_versions.version"])
    .where("dossiers.organisation_id", "=", organisationId)
    .orderBy("dossiers.created_at")
    .execute();
  for (const d of dossiers) {
    parts.push({ name: `dossiers/${sanitizeFileName(`${d.key}-v${d.version}`)}.json`, content: json(await dossierPart(db, d.id)) });
  }

  const fileRows = await exportedFiles(db, organisationId);
  const postgres = createPostgresFileStore(db);
  const unavailable: string[] = [];
  const entries = fileRows.map((f) => ({ row: f, path: `fichiers/${f.id}-${sanitizeFileName(f.file_name)}` }));
  parts.push({
    name: "fichiers.json",
    content: json(
      entries.map(({ row, path }) => ({
        id: row.id,
        chemin: path,
        nom: row.file_name,
        type: row.content_type,
        octets: Number(row.size_bytes),
        sha256: row.sha256,
        depose_le: row.created_at,
      })),
    ),
  });

  const { ZipArchive } = await import("archiver"); // loaded on first export (decision record 050)
  const archive = new ZipArchive({ zlib: { level: 6 } });
  for (const part of parts) archive.append(part.content, { name: part.name, date: now });
  for (const { row, path } of entries) {
    const store = storeHolding(row, files, () => postgres);
    if (!store) {
      unavailable.push(path);
      continue;
    }
    // Lazily read: the store is asked for the bytes only when the archive reaches this entry.
    archive.append(Readable.from(store.read(row)), { name: path, date: new Date(row.created_at), store: isCompressed(row.content_type) });
  }
  archive.append(readme(organisation.name, now, unavailable), { name: "LISEZ-MOI.txt", date: now });
  void archive.finalize().catch((err: unknown) => archive.destroy(err instanceof Error ? err : new Error(String(err))));
  const day = now.toISOString().slice(0, 10);
  return { fileName: sanitizeFileName(`datadock-${organisation.siret ?? organisation.id}-${day}.zip`), stream: archive };
}

/** PDFs, images and office files are compressed already: stored as they are (cheaper, same size). */
function isCompressed(contentType: string): boolean {
  return /^(image\/(png|jpeg)|application\/(pdf|zip|vnd\.openxmlformats))/.test(contentType);
}

function readme(name: string, now: Date, unavailable: string[]): string {
  const lines = [t("ownData.export.readme", { organisation: name, date: now.toISOString() })];
  if (unavailable.length > 0) lines.push("", t("ownData.export.readmeUnavailable"), ...unavailable.map((p) => `- ${p}`));
  return `${lines.join("\n")}\n`;
}

async function organisationPart(db: Db, organisationId: string) {
  const [profile, changes, members, certificates, attestations, deListings] = await Promise.all([
    db.selectFrom("organisations").selectAll().where("id", "=", organisationId).executeTakeFirstOrThrow(),
    db
      .selectFrom("organisation_changes")
      .leftJoin("users", "users.id", "organisation_changes.changed_by")
      .select(["organisation_changes.field", "old_value", "new_value", "organisation_changes.created_at", "users.full_name as changed_by"])
      .where("organisation_id", "=", organisationId)
      .orderBy("organisation_changes.created_at")
      .execute(),
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["users.full_name", "users.email", "memberships.role", "memberships.created_at as joined_at", "users.email_verified_at"])
      .where("memberships.organisation_id", "=", organisationId)
      .orderBy("users.full_name")
      .execute(),
    db
      .selectFrom("circuit_court_certificates")
      .innerJoin("cnefop_labels", "cnefop_labels.id", "circuit_court_certificates.label_id")
      .select([
        "circuit_court_certificates.id",
        "cnefop_labels.name as label",
        "file_id",
        "valid_from",
        "valid_to",
        "review_status",
        "reviewed_at",
        "review_reason",
        "withdrawn_at",
        "circuit_court_certificates.created_at",
      ])
      .where("organisation_id", "=", organisationId)
      .orderBy("circuit_court_certificates.created_at")
      .execute(),
    db
      .selectFrom("attestations")
      .select(["code", "dossier_id", "datadocke_at", "issued_at", "revoked_at"])
      .where("organisation_id", "=", organisationId)
      .orderBy("issued_at")
      .execute(),
    db
      .selectFrom("de_listings")
      .leftJoin("organisations as funder", "funder.id", "de_listings.decided_by_organisation_id")
      .select(["de_listings.dossier_id", "de_listings.reason", "de_listings.created_at", "funder.name as decided_by_organisation"])
      .where("de_listings.organisation_id", "=", organisationId)
      .orderBy("de_listings.created_at")
      .execute(),
  ]);
  return {
    organisme: profile,
    modifications_du_profil: changes,
    membres: members,
    certificats_circuit_court: certificates,
    attestations,
    dereferencements: deListings,
  };
}

async function dossierPart(db: Db, dossierId: string) {
  const [dossier, rounds, events, answers, evidence, selfAssessments, actions, reviews, history, threads, messages, controls] =
    await Promise.all([
      db
        .selectFrom("dossiers")
        .innerJoin("referentiel_versions", "referentiel_versions.id", "dossiers.referentiel_version_id")
        .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
        .select([
          "dossiers.id",
          "dossiers.status",
          "dossiers.round",
          "dossiers.submitted_at",
          "dossiers.decided_at",
          "dossiers.created_at",
          "dossiers.updated_at",
          "referentiels.name as referentiel",
          "referentiel_versions.version as referentiel_version",
        ])
        .where("dossiers.id", "=", dossierId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom("dossier_rounds")
        .select(["round", "from_status", "opened_at"])
        .where("dossier_id", "=", dossierId)
        .orderBy("round")
        .execute(),
      db
        .selectFrom("dossier_events")
        .leftJoin("users", "users.id", "dossier_events.actor_id")
        .select(["dossier_events.kind", "dossier_events.payload", "dossier_events.created_at", "users.full_name as actor"])
        .where("dossier_id", "=", dossierId)
        .orderBy("dossier_events.created_at")
        .execute(),
      db
        .selectFrom("indicator_answers")
        .innerJoin("indicators", "indicators.id", "indicator_answers.indicator_id")
        .select([
          "indicators.code as indicator",
          "indicator_answers.id",
          "description",
          "not_applicable",
          "not_applicable_reason",
          "indicator_answers.version",
          "updated_at",
        ])
        .where("dossier_id", "=", dossierId)
        .orderBy("indicators.position")
        .execute(),
      db
        .selectFrom("evidence")
        .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
        .innerJoin("indicators", "indicators.id", "indicator_answers.indicator_id")
        .select([
          "indicators.code as indicator",
          "evidence.id",
          "evidence.kind",
          "evidence.file_id",
          "evidence.url",
          "evidence.label",
          "evidence.replaced_by",
          "evidence.removed_at",
          "evidence.created_at",
        ])
        .where("indicator_answers.dossier_id", "=", dossierId)
        .orderBy("evidence.created_at")
        .execute(),
      db
        .selectFrom("self_assessments")
        .innerJoin("indicators", "indicators.id", "self_assessments.indicator_id")
        .select(["indicators.code as indicator", "level", "updated_at"])
        .where("dossier_id", "=", dossierId)
        .orderBy("indicators.position")
        .execute(),
      db
        .selectFrom("corrective_actions")
        .innerJoin("indicators", "indicators.id", "corrective_actions.indicator_id")
        .select(["indicators.code as indicator", "what", "who", "due_on", "status", "accepted_at", "corrective_actions.created_at"])
        .where("dossier_id", "=", dossierId)
        .orderBy("corrective_actions.created_at")
        .execute(),
      db
        .selectFrom("indicator_reviews")
        .innerJoin("indicators", "indicators.id", "indicator_reviews.indicator_id")
        .select(["indicators.code as indicator", "decision", "reason", "decided_at", "stale"])
        .where("dossier_id", "=", dossierId)
        .orderBy("indicators.position")
        .execute(),
      db
        .selectFrom("indicator_review_history")
        .innerJoin("indicators", "indicators.id", "indicator_review_history.indicator_id")
        .leftJoin("organisations as funder", "funder.id", "indicator_review_history.decided_by_organisation_id")
        .select([
          "indicators.code as indicator",
          "decision",
          "previous_decision",
          "reason",
          "funder.name as decided_by_organisation",
          "indicator_review_history.created_at",
        ])
        .where("dossier_id", "=", dossierId)
        .orderBy("indicator_review_history.created_at")
        .execute(),
      db
        .selectFrom("threads")
        .leftJoin("indicators", "indicators.id", "threads.indicator_id")
        .select(["threads.id", "indicators.code as indicator", "threads.created_at"])
        .where("dossier_id", "=", dossierId)
        .orderBy("threads.created_at")
        .execute(),
      db
        .selectFrom("messages")
        .innerJoin("threads", "threads.id", "messages.thread_id")
        .leftJoin("users", "users.id", "messages.author_id")
        .leftJoin("organisations as author_org", "author_org.id", "messages.author_organisation_id")
        .select([
          "messages.thread_id",
          "users.full_name as author",
          "author_org.name as author_organisation",
          "messages.body",
          "messages.file_id",
          "messages.created_at",
        ])
        .where("threads.dossier_id", "=", dossierId)
        .orderBy("messages.created_at")
        .execute(),
      db
        .selectFrom("controls")
        .select(["reason", "indicator_ids", "created_at", "closed_at"])
        .where("dossier_id", "=", dossierId)
        .orderBy("created_at")
        .execute(),
    ]);
  return {
    dossier,
    tours: rounds,
    historique: events,
    reponses: answers,
    preuves: evidence,
    autodiagnostic: selfAssessments,
    actions_correctives: actions,
    decisions: reviews,
    historique_des_decisions: history,
    fils: threads.map((th) => ({ ...th, messages: messages.filter((m) => m.thread_id === th.id) })),
    controles: controls,
  };
}

/** The organisation's own files, and the files sent to it in its dossiers' threads. */
function exportedFiles(db: Db, organisationId: string) {
  return db
    .selectFrom("files")
    .select(["id", "store", "storage_key", "file_name", "content_type", "size_bytes", "sha256", "created_at"])
    .where((eb) =>
      eb.or([
        eb("organisation_id", "=", organisationId),
        eb(
          "id",
          "in",
          eb
            .selectFrom("messages")
            .innerJoin("threads", "threads.id", "messages.thread_id")
            .innerJoin("dossiers", "dossiers.id", "threads.dossier_id")
            .select("messages.file_id")
            .where("dossiers.organisation_id", "=", organisationId)
            .where("messages.file_id", "is not", null)
            .$narrowType<{ file_id: string }>(),
        ),
      ]),
    )
    .orderBy("created_at")
    .execute();
}
