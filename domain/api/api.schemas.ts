import { z } from "zod";

/** Response shapes of /api/v1, in one place: the OpenAPI document is generated from them and contract tests parse with them. */

const DOSSIER_STATUSES = ["brouillon", "soumis", "en_examen", "a_completer", "datadocke", "non_conforme", "dereference"] as const;
export const DossierStatusSchema = z.enum(DOSSIER_STATUSES);
const isoDate = z.iso.datetime().describe("ISO 8601 date-time (UTC)");

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const OrganisationSchema = z
  .object({
    siret: z.string().regex(/^\d{14}$/),
    siren: z.string().nullable(),
    nda: z.string().nullable(),
    name: z.string(),
    region: z.string().nullable(),
    city: z.string().nullable(),
    status: DossierStatusSchema.nullable(),
    submitted_at: isoDate.nullable(),
    decided_at: isoDate.nullable(),
    updated_at: isoDate,
    certification: z
      .object({
        referentiel: z.string(),
        referentiel_version: z.number().int(),
        datadocke_since: isoDate.nullable(),
      })
      .nullable(),
  })
  .meta({ id: "Organisation" });

export const OrganisationListSchema = z
  .object({ data: z.array(OrganisationSchema), next_cursor: z.string().nullable() })
  .meta({ id: "OrganisationList" });

export const DecisionSchema = z
  .object({
    indicator_code: z.string(),
    decision: z.enum(["valide", "a_completer", "non_conforme"]),
    previous_decision: z.enum(["valide", "a_completer", "non_conforme"]).nullable(),
    reason: z.string().nullable(),
    decided_at: isoDate,
    decided_by_organisation: z.string().nullable(),
  })
  .meta({ id: "Decision" });

export const DecisionListSchema = z.object({ data: z.array(DecisionSchema) }).meta({ id: "DecisionList" });

export const CatalogueEntrySchema = z
  .object({
    siret: z.string(),
    name: z.string(),
    region: z.string().nullable(),
    status: DossierStatusSchema.nullable(),
    added_at: isoDate,
    reason: z.string().nullable(),
  })
  .meta({ id: "CatalogueEntry" });

export const CatalogueSchema = z.object({ data: z.array(CatalogueEntrySchema) }).meta({ id: "Catalogue" });

export const CatalogueAddSchema = z
  .object({ siret: z.string().regex(/^\d{14}$/), reason: z.string().max(2000).optional() })
  .meta({ id: "CatalogueAdd" });

export type OrganisationDto = z.infer<typeof OrganisationSchema>;
export type DecisionDto = z.infer<typeof DecisionSchema>;
export type CatalogueEntryDto = z.infer<typeof CatalogueEntrySchema>;
