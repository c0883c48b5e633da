import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canFollowOrganisationLive } from "../permissions/policy";

/**
 * Who may join a dossier's presence room (and hear its events): funders and coordinators any dossier,
 * an OF only its own. Yields a label for the Activité page, or null when refused or unknown.
 */
export async function dossierRoomAccess(db: Executor, actor: Actor, dossierId: string): Promise<{ label: string } | null> {
  const dossier = await db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .select(["dossiers.organisation_id", "organisations.name"])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
  if (!dossier) return null;
  const allowed = canFollowOrganisationLive(actor, dossier.organisation_id);
  return allowed ? { label: dossier.name } : null;
}

/**
 * Who may join an organisation's room (events of all its dossiers): funders and coordinators any OF,
 * an OF member only their own organisation. Yields the OF's name, or null when refused or unknown.
 */
export async function organisationRoomAccess(db: Executor, actor: Actor, organisationId: string): Promise<{ label: string } | null> {
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", organisationId)
    .where("kind", "=", "of")
    .executeTakeFirst();
  if (!organisation) return null;
  const allowed = canFollowOrganisationLive(actor, organisation.id);
  return allowed ? { label: organisation.name } : null;
}
