import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canActAsFunderSide } from "../permissions/policy";
import { canSeeOrganisation } from "../permissions/access";
import { DomainError, forbidden } from "../errors";

/** What the funders' space shows about an OF: identity, latest dossier and its indicators. Funder side only. */
export async function organisationSummary(db: Executor, actor: Actor, organisationId: string) {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "kind", "name", "siret", "nda", "region", "city", "website", "contact_email"])
    .where("id", "=", organisationId)
    .where("kind", "=", "of")
    .executeTakeFirst();
  if (!organisation || !canSeeOrganisation(actor, organisation)) throw new DomainError("not_found", "errors.notFound");
  const dossier = await db
    .selectFrom("dossiers")
    .select(["id", "status", "version", "submitted_at", "decided_at", "referentiel_version_id"])
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  const indicators = dossier
    ? await db
        .selectFrom("indicators")
        .select(["id", "code", "title"])
        .where("version_id", "=", dossier.referentiel_version_id)
        .orderBy("position")
        .execute()
    : [];
  const { kind: _kind, ...shown } = organisation;
  return { organisation: { ...shown, siret: shown.siret?.trim() ?? null }, dossier: dossier ?? null, indicators };
}
