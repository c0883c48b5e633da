import { sql, type Kysely } from "kysely";
import type { Database, IndicatorDecision } from "../../db/schema";
import { saveDescription, setNotApplicable } from "../dossiers/answers.service";
import { addEvidence } from "../dossiers/evidence.service";
import { getOrCreateOfDossier, listIndicators, type IndicatorRow } from "../dossiers/dossier-access";
import type { OfScope } from "../dossiers/of-scope";
import { submitDossier } from "../dossiers/submission.service";
import { addCorrectiveAction } from "../dossiers/corrective-actions.service";
import { declareCertificate, listActiveLabels } from "../circuit-court/circuit-court.service";
import { postOfMessage } from "../threads/of-threads.service";
import { setSelfAssessment } from "../self-diagnosis/self-diagnosis.service";
import { applyStatusChange } from "../examination/status-change";
import { notifyUsers, memberUserIds } from "../notifications/notifications.service";
import { createPostgresFileStore } from "../files/postgres-file-store";
import { storeUpload } from "../files/upload.service";
import type { DossierTransition } from "../dossiers/status-machine";
import { inTransaction } from "../../db/transaction";
import { reopenDossier } from "../dossiers/reopen.service";
import { demoPdfBytes, demoPngBytes } from "./demo-files";

/**
 * Demo stages of a dossier's life (brouillon … datadocké), for the demo seed: each builder takes a demo OF (and a funder
 * reviewer) and brings its dossier to a stage through the same services the portal uses, so the
 * demo data obeys every rule (completeness, events, history). Files go to the PostgreSQL store so the
 * seed needs no disk; the file route reads them whatever FILE_STORE says.
 */
export type DemoStage =
  | "brouillon"
  | "soumis"
  | "en_examen"
  | "a_completer"
  | "datadocke"
  | "circuit_court"
  | "mise_a_jour"
  | "retour_apres_non_conforme"
  | "certificat_bientot_expire";
export const DEMO_STAGES: readonly DemoStage[] = [
  "brouillon",
  "soumis",
  "en_examen",
  "a_completer",
  "datadocke",
  "circuit_court",
  "mise_a_jour",
  "retour_apres_non_conforme",
  "certificat_bientot_expire",
];

export interface DemoStageInput {
  stage: DemoStage;
  /** The OF and one of its of_admin users. */
  organisationId: string;
  ofUserId: string;
  /** A funder reviewer who examines (stages en_examen and later). */
  funderOrganisationId: string;
  funderUserId: string;
  /** Short slug used in demo links, e.g. "of-exemple". */
  slug: string;
  today?: Date;
}

async function* once(buffer: Buffer): AsyncIterable<Uint8Array> {
  yield buffer;
}

async function scopeFor(db: Kysely<Database>, organisationId: string, userId: string): Promise<OfScope> {
  const user = await db.selectFrom("users").select(["id", "email", "full_name"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const organisation = await db.selectFrom("organisations").select(["name"]).where("id", "=", organisationId).executeTakeFirstOrThrow();
  return {
    organisationId,
    actor: {
      userId: user.id,
      email: user.email,
      fullName: user.full_name,
      memberships: [{ organisationId, organisationKind: "of", organisationName: organisation.name, role: "of_admin" }],
    },
  };
}

async function demoFile(db: Kysely<Database>, scope: OfScope, name: string, data: Buffer): Promise<string> {
  const file = await storeUpload(
    { db, files: createPostgresFileStore(db), maxBytes: 1024 * 1024 },
    { organisationId: scope.organisationId, userId: scope.actor.userId },
    { fileName: name, data: once(data) },
  );
  return file.id;
}

async function demoPdf(db: Kysely<Database>, scope: OfScope, name: string): Promise<string> {
  const organisation = scope.actor.memberships[0]?.organisationName ?? "Organisme de formation";
  return demoFile(db, scope, name, await demoPdfBytes(organisation));
}

async function answer(db: Kysely<Database>, scope: OfScope, indicator: IndicatorRow, slug: string, withEvidence: boolean, pdf: boolean) {
  await saveDescription(
    db,
    scope,
    indicator.code,
    `<p>Notre pratique pour l'indicateur ${indicator.code} : ${indicator.title.charAt(0).toLowerCase()}${indicator.title.slice(1)}. ` +
      `Elle est décrite dans notre manuel qualité et revue chaque année.</p>`,
  );
  if (!withEvidence) return;
  if (pdf) await addEvidence(db, scope, indicator.code, { kind: "file", fileId: await demoPdf(db, scope, `preuve-${indicator.code}.pdf`) });
  else
    await addEvidence(db, scope, indicator.code, {
      kind: "link",
      url: `https://${slug}.demo/qualite/indicateur-${indicator.code}`,
      label: `Page qualité ${indicator.code}`,
    });
}

/** Completes every indicator: the last one "non concerné", the first with a PDF, the others with links. */
async function completeAll(db: Kysely<Database>, scope: OfScope, indicators: IndicatorRow[], slug: string, exemptProof = false) {
  for (const [i, indicator] of indicators.entries()) {
    if (i === indicators.length - 1 && !exemptProof) {
      await setNotApplicable(
        db,
        scope,
        indicator.code,
        true,
        "Nous ne proposons pas de formation à distance : l'indicateur ne s'applique pas.",
      );
      continue;
    }
    await answer(db, scope, indicator, slug, !(exemptProof && indicator.circuitCourtExemptsProof), i === 0);
  }
}

async function funderMove(
  db: Kysely<Database>,
  dossierId: string,
  funderUserId: string,
  action: DossierTransition,
  eventKind: string,
  extra: { examinerId?: string; decided?: boolean } = {},
) {
  await inTransaction(db, async (trx) => {
    const dossier = await trx.selectFrom("dossiers").selectAll().where("id", "=", dossierId).forUpdate().executeTakeFirstOrThrow();
    await applyStatusChange(trx, { dossier, action, side: "funder", actorId: funderUserId, eventKind, ...extra });
  });
}

async function decide(
  db: Kysely<Database>,
  input: DemoStageInput,
  dossierId: string,
  indicator: IndicatorRow,
  decision: IndicatorDecision,
  reason: string | null,
) {
  const current = await db
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
      reason,
      decided_by: input.funderUserId,
      answer_version: current?.version ?? 1,
    })
    .onConflict((oc) => oc.columns(["dossier_id", "indicator_id"]).doUpdateSet({ decision, reason, decided_by: input.funderUserId }))
    .execute();
  await db
    .insertInto("indicator_review_history")
    .values({
      dossier_id: dossierId,
      indicator_id: indicator.id,
      decision,
      reason,
      decided_by: input.funderUserId,
      decided_by_organisation_id: input.funderOrganisationId,
    })
    .execute();
  await db
    .insertInto("dossier_events")
    .values({
      dossier_id: dossierId,
      actor_id: input.funderUserId,
      kind: "examination.decided",
      payload: JSON.stringify({ indicator_id: indicator.id, decision, previous: null }),
    })
    .execute();
  // As decideIndicator does (decision record 035): the reason opens the indicator's thread, by the reviewer.
  if (reason !== null && decision !== "valide") {
    await db
      .insertInto("messages")
      .values({
        thread_id: await indicatorThread(db, dossierId, indicator.id),
        author_id: input.funderUserId,
        author_organisation_id: input.funderOrganisationId,
        body: reason,
        // The seed runs in one transaction (one now()): earlier than the exchange that follows, so the thread reads in order.
        created_at: sql<Date>`now() - interval '2 minutes'`,
      })
      .execute();
  }
}

/** The indicator's thread, created on first need. */
async function indicatorThread(db: Kysely<Database>, dossierId: string, indicatorId: string): Promise<string> {
  const existing = await db
    .selectFrom("threads")
    .select("id")
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await db
    .insertInto("threads")
    .values({ dossier_id: dossierId, indicator_id: indicatorId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return created.id;
}

function isoDay(date: Date, offsetDays = 0): string {
  return new Date(date.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Brings the demo OF's dossier to `input.stage`. Run once per OF on an empty dossier. */
export async function applyDemoStage(db: Kysely<Database>, input: DemoStageInput): Promise<void> {
  const scope = await scopeFor(db, input.organisationId, input.ofUserId);
  const today = input.today ?? new Date();
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  const indicators = await listIndicators(db, dossier.referentiel_version_id);
  if (indicators.length < 3) throw new Error("the demo stages need a référentiel of at least 3 indicators");

  if (input.stage === "brouillon") {
    for (const indicator of indicators.slice(0, 3)) await answer(db, scope, indicator, input.slug, indicator === indicators[0], true);
    const levels = ["oui", "en_partie", "non"] as const;
    for (const [i, indicator] of indicators.slice(0, 6).entries())
      await setSelfAssessment(db, scope, indicator.code, levels[i % 3] ?? "oui");
    return;
  }

  if (input.stage === "circuit_court" || input.stage === "certificat_bientot_expire") {
    const expiring = input.stage === "certificat_bientot_expire";
    const label = (await listActiveLabels(db))[0];
    if (!label) throw new Error("the circuit-court demo needs a CNEFOP label");
    await declareCertificate(db, scope, {
      labelId: label.id,
      fileId: await demoPdf(db, scope, "attestation-certification.pdf"),
      validFrom: isoDay(today, expiring ? -1050 : -365),
      // Within the 60 days' notice (certificate-expiry.service.ts): the daily check tells the OF on its first run.
      validTo: isoDay(today, expiring ? 45 : 730),
    });
    await completeAll(db, scope, indicators, input.slug, true);
    await submitDossier(db, scope);
    await seedSubmittedNotification(db, scope);
    if (!expiring) return;
    // Examined long ago: the certificate checked (seeded history, as the decisions below), every indicator validated.
    await db
      .updateTable("circuit_court_certificates")
      .set({ review_status: "validated", reviewed_by: input.funderUserId, reviewed_at: sql<Date>`now()` })
      .where("organisation_id", "=", scope.organisationId)
      .where("withdrawn_at", "is", null)
      .execute();
    await funderMove(db, dossier.id, input.funderUserId, "take", "examination.taken", { examinerId: input.funderUserId });
    for (const indicator of indicators) await decide(db, input, dossier.id, indicator, "valide", null);
    await funderMove(db, dossier.id, input.funderUserId, "declare_datadocke", "examination.datadocke", { decided: true });
    return;
  }

  await completeAll(db, scope, indicators, input.slug);
  if (input.stage === "en_examen") {
    // An image among the evidence, shown inline in the review room (the examined demo dossier only).
    const fileId = await demoFile(db, scope, "plan-des-salles.png", demoPngBytes());
    await addEvidence(db, scope, indicators[1]!.code, { kind: "file", fileId, label: "Plan des salles de formation" });
  }
  await submitDossier(db, scope);
  await seedSubmittedNotification(db, scope);
  if (input.stage === "soumis") return;

  await funderMove(db, dossier.id, input.funderUserId, "take", "examination.taken", { examinerId: input.funderUserId });
  if (input.stage === "en_examen") {
    for (const indicator of indicators.slice(0, 3)) await decide(db, input, dossier.id, indicator, "valide", null);
    return;
  }

  if (input.stage === "retour_apres_non_conforme") {
    // Closed non conforme on one indicator; the OF answered the reason with a corrective action and
    // started a new round (decision record 037): à compléter, round 2, the previous decisions shown to funders.
    const refused = indicators[2]!;
    for (const indicator of indicators)
      await decide(
        db,
        input,
        dossier.id,
        indicator,
        indicator === refused ? "non_conforme" : "valide",
        indicator === refused ? "Les résultats de l'évaluation de satisfaction ne sont ni analysés ni suivis d'actions." : null,
      );
    await funderMove(db, dossier.id, input.funderUserId, "close_non_conforme", "examination.non_conforme", { decided: true });
    // Closed the day before (seeded history): the seed runs in one transaction, where now() never moves,
    // and the way back counts corrective actions recorded after the closing.
    await db
      .updateTable("dossiers")
      .set({ decided_at: sql<Date>`now() - interval '1 day'` })
      .where("id", "=", dossier.id)
      .execute();
    await addCorrectiveAction(db, scope, refused.code, {
      what: "Analyser chaque trimestre les questionnaires de satisfaction et publier le plan d'actions",
      who: "Direction",
      dueOn: isoDay(today, 45),
    });
    await reopenDossier(db, scope.actor, dossier.id, today);
    return;
  }

  if (input.stage === "a_completer") {
    // At least 3 indicators (checked above).
    const [asked, refused] = [indicators[1]!, indicators[2]!];
    for (const indicator of indicators) {
      if (indicator === asked)
        await decide(
          db,
          input,
          dossier.id,
          indicator,
          "a_completer",
          "Le programme joint ne précise pas les compétences visées. Merci de fournir un programme détaillé par action.",
        );
      else if (indicator === refused)
        await decide(db, input, dossier.id, indicator, "non_conforme", "Aucune procédure d'évaluation des acquis n'est décrite.");
      else await decide(db, input, dossier.id, indicator, "valide", null);
    }
    await funderMove(db, dossier.id, input.funderUserId, "send_back", "examination.sent_back", { decided: true });
    await db
      .insertInto("messages")
      .values({
        thread_id: await indicatorThread(db, dossier.id, asked.id),
        author_id: input.funderUserId,
        author_organisation_id: input.funderOrganisationId,
        body: "Bonjour, pouvez-vous compléter le programme avec les compétences visées pour chaque module ?",
        created_at: sql<Date>`now() - interval '1 minute'`, // after the reason, before the OF's answer (now())
      })
      .execute();
    await postOfMessage(
      db,
      scope,
      asked.code,
      "Bonjour, nous mettons à jour nos programmes et vous transmettons la nouvelle version d'ici la fin du mois.",
    );
    // The examiner's notification of that answer, as seeded history (the message's event is not dispatched).
    await notifyUsers(db, [input.funderUserId], "message.posted", {
      code: asked.code,
      organisation: scope.actor.memberships[0]?.organisationName ?? "",
    });
    await addCorrectiveAction(db, scope, refused.code, {
      what: "Rédiger et diffuser une procédure d'évaluation des acquis",
      who: "Responsable pédagogique",
      dueOn: isoDay(today, 30),
    });
    const members = await memberUserIds(db, scope.organisationId);
    await notifyUsers(db, members, "dossier.status_changed", { status: "a_completer" });
    await notifyUsers(db, members, "indicator.reason", { code: asked.code });
    await notifyUsers(db, members, "indicator.reason", { code: refused.code });
    return;
  }

  // datadocke (and mise_a_jour: datadocké, then an update of two indicators waiting, decision record 038)
  for (const indicator of indicators) await decide(db, input, dossier.id, indicator, "valide", null);
  await funderMove(db, dossier.id, input.funderUserId, "declare_datadocke", "examination.datadocke", { decided: true });
  await notifyUsers(db, await memberUserIds(db, scope.organisationId), "dossier.status_changed", { status: "datadocke" });
  if (input.stage !== "mise_a_jour") return;
  const [first, second] = [indicators[0]!, indicators[1]!];
  await saveDescription(
    db,
    scope,
    first.code,
    "<p>Depuis septembre, chaque fiche de formation précise les objectifs opérationnels, les prérequis et les modalités d'évaluation. Les fiches sont relues chaque trimestre par la responsable pédagogique.</p>",
  );
  await addEvidence(db, scope, first.code, { kind: "file", fileId: await demoPdf(db, scope, "fiches-formation-2026.pdf") });
  await addEvidence(db, scope, second.code, {
    kind: "link",
    url: `https://www.${input.slug}.example/public-vise`,
    label: "Page « Public visé » du site",
  });
  // The examiner's notifications, as seeded history (the seed's domain events are not dispatched).
  const organisation = scope.actor.memberships[0]?.organisationName ?? "";
  for (const indicator of [first, second]) {
    await notifyUsers(db, [input.funderUserId], "revision.pending", { dossierId: dossier.id, code: indicator.code, organisation });
  }
}

/** The submission's notification, as seeded history (the seed's domain events are not dispatched). */
async function seedSubmittedNotification(db: Kysely<Database>, scope: OfScope): Promise<void> {
  await notifyUsers(db, await memberUserIds(db, scope.organisationId), "dossier.status_changed", { status: "soumis" });
}
