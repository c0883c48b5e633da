import { sql } from "kysely";
import { z } from "zod";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { canEditOfProfile } from "../permissions/policy";
import { isValidNda, isValidSiret, normaliseDigits, sirenFromSiret } from "./identifiers";
import { PROFILE_FIELDS, type ProfileField } from "./of-profile.fields";
import { requiredText, safeText } from "../validation/fields";

/**
 * The OF's identification, edited by its of_admin. Once the OF is datadocké, every changed field is
 * logged in organisation_changes (old → new, who, when) and shown to funders.
 */
export { PROFILE_FIELDS, type ProfileField };

const optionalText = (max: number) => safeText(max).transform((v) => (v === "" ? null : v));

export const profileSchema = z.object({
  name: requiredText(200),
  siret: z.string().transform(normaliseDigits).refine(isValidSiret, "profile.errors.siret"),
  nda: z.string().transform(normaliseDigits).refine(isValidNda, "profile.errors.nda"),
  address: optionalText(300),
  postal_code: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{5}$/.test(v), "profile.errors.postalCode")
    .transform((v) => (v === "" ? null : v)),
  city: optionalText(120),
  region: optionalText(120),
  website: z
    .string()
    .trim()
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/.test(v), "dossier.evidence.badUrl")
    .transform((v) => (v === "" ? null : v)),
  contact_email: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === "" || z.email().safeParse(v).success, "errors.email")
    .transform((v) => (v === "" ? null : v)),
  phone: optionalText(30),
  training_domains: safeText(5_000, { trim: false }).transform((v) =>
    [
      ...new Set(
        v
          .split(/[\n,;]/)
          .map((d) => d.trim())
          .filter(Boolean),
      ),
    ].slice(0, 30),
  ),
});
export type ProfileInput = z.input<typeof profileSchema>;

export async function getOfProfile(db: Executor, organisationId: string) {
  const row = await db.selectFrom("organisations").selectAll().where("id", "=", organisationId).where("kind", "=", "of").executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
  return row;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(", ");
  return String(value).trim();
}

export async function isDatadocke(db: Executor, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("dossiers")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("status", "=", "datadocke")
    .executeTakeFirst();
  return row !== undefined;
}

/** Saves the profile; returns the fields that changed (logged when datadocké). */
export async function updateOfProfile(db: Executor, actor: Actor, organisationId: string, input: ProfileInput): Promise<ProfileField[]> {
  if (!canEditOfProfile(actor, organisationId)) throw new DomainError("forbidden", "errors.forbidden");
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
    throw invalid(errors);
  }
  const next = { ...parsed.data, siren: sirenFromSiret(parsed.data.siret) };
  return inTransaction(db, async (trx) => {
    const current = await getOfProfile(trx, organisationId);
    const changed = PROFILE_FIELDS.filter((f) => asText(current[f]) !== asText(next[f]));
    if (changed.length === 0) return [];
    if (changed.includes("siret")) {
      const taken = await trx
        .selectFrom("organisations")
        .select("id")
        .where("siret", "=", next.siret)
        .where("id", "<>", organisationId)
        .executeTakeFirst();
      if (taken) throw invalid({ siret: ["profile.errors.siretTaken"] });
    }
    await trx
      .updateTable("organisations")
      .set({ ...next, updated_at: sql`now()` })
      .where("id", "=", organisationId)
      .execute();
    if (await isDatadocke(trx, organisationId)) {
      await trx
        .insertInto("organisation_changes")
        .values(
          changed.map((field) => ({
            organisation_id: organisationId,
            changed_by: actor.userId,
            field,
            old_value: asText(current[field]),
            new_value: asText(next[field]),
          })),
        )
        .execute();
    }
    return changed;
  });
}

export interface OrganisationChangeView {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedBy: string | null;
  createdAt: string;
}

/** The change log funders see (and the OF itself). */
export async function listOrganisationChanges(db: Executor, organisationId: string): Promise<OrganisationChangeView[]> {
  const rows = await db
    .selectFrom("organisation_changes as c")
    .leftJoin("users as u", "u.id", "c.changed_by")
    .select(["c.field", "c.old_value", "c.new_value", "c.created_at", "u.full_name", "u.email"])
    .where("c.organisation_id", "=", organisationId)
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .execute();
  return rows.map((r) => ({
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    changedBy: r.full_name || r.email || null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
