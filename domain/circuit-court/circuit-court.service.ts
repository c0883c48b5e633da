import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, invalid } from "../errors";
import { getOrCreateOfDossier } from "../dossiers/dossier-access";
import type { OfScope } from "../dossiers/of-scope";
import { isEditableByOf } from "../dossiers/status-machine";
import { recordEvent } from "../dossiers/timeline";
import { isCalendarDate } from "../validation/fields";

/**
 * Circuit court: an OF holding a certification of the CNEFOP list declares it with its certificate
 * file and validity dates. While valid, indicators that allow it need a description but no evidence
 * (see completeness.ts); once expired the exemption ends and the pages say so.
 */
export async function listActiveLabels(db: Executor) {
  return db.selectFrom("cnefop_labels").select(["id", "name"]).where("active", "=", true).orderBy("name").execute();
}

export interface CertificateInput {
  labelId: string;
  fileId: string;
  validFrom: string;
  validTo: string;
}

export async function declareCertificate(db: Executor, scope: OfScope, input: CertificateInput) {
  const errors: Record<string, string[]> = {};
  // Real calendar days between 1900 and 2999 ("2026-02-30" and "0000-01-01" never reach SQL).
  if (!isCalendarDate(input.validFrom)) errors.validFrom = ["dossier.errors.date"];
  if (!isCalendarDate(input.validTo)) errors.validTo = ["dossier.errors.date"];
  else if (!errors.validFrom && input.validTo < input.validFrom) errors.validTo = ["circuitCourt.errors.dates"];
  if (!input.labelId) errors.labelId = ["errors.required"];
  if (!input.fileId) errors.file = ["circuitCourt.errors.file"];
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return inTransaction(db, async (trx) => {
    const dossier = await getOrCreateOfDossier(trx, scope.organisationId, scope.actor.userId);
    // A datadocké OF renews its certificate before (or after) it expires (decision record 037).
    if (!isEditableByOf(dossier.status) && dossier.status !== "datadocke") {
      throw new DomainError("conflict", "dossier.readOnly", { status: dossier.status });
    }
    const label = await trx
      .selectFrom("cnefop_labels")
      .select(["id", "name"])
      .where("id", "=", input.labelId)
      .where("active", "=", true)
      .executeTakeFirst();
    if (!label) throw invalid({ labelId: ["circuitCourt.errors.label"] });
    const file = await trx
      .selectFrom("files")
      .select("id")
      .where("id", "=", input.fileId)
      .where("organisation_id", "=", scope.organisationId)
      .executeTakeFirst();
    if (!file) throw new DomainError("not_found", "errors.notFound");
    await trx
      .updateTable("circuit_court_certificates")
      .set({ withdrawn_at: sql`now()` })
      .where("organisation_id", "=", scope.organisationId)
      .where("withdrawn_at", "is", null)
      .execute();
    const row = await trx
      .insertInto("circuit_court_certificates")
      .values({
        organisation_id: scope.organisationId,
        label_id: label.id,
        file_id: file.id,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        declared_by: scope.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      dossierId: dossier.id,
      actorId: scope.actor.userId,
      kind: "circuit_court.declared",
      payload: { label: label.name, validTo: input.validTo },
    });
    return row.id;
  });
}
