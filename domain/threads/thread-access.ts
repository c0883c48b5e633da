import type { Executor } from "../../db/executor";
import { DomainError } from "../errors";
import type { DossierStatus } from "../../db/schema";
import { primaryMembership, type Actor } from "../permissions/actor";
import { threadSide } from "../permissions/access";
import { funderIdOf } from "../permissions/actor-side";
import { canResolveThread } from "../permissions/policy";
import { requireIndicator } from "../dossiers/dossier-access";

/**
 * Who reaches an indicator's thread, and what they may do there (decision 016):
 * - the OF's staff (admin and members) of the dossier's organisation: read, post, reopen; resolve: admin only;
 * - funder reviewers and admins, on any dossier past the draft: read, post, resolve, reopen;
 * - coordinators, on any dossier past the draft: read only.
 * Anyone else finds nothing (not_found), whatever the id.
 */
export type ThreadSide = "of" | "funder" | "coordinator";

export interface ThreadAccess {
  dossierId: string;
  organisationId: string;
  organisationName: string;
  examinerId: string | null;
  indicatorId: string;
  code: string;
  threadId: string | null;
  side: ThreadSide;
  /** The organisation the actor writes for (the OF, or their funder). */
  actorOrganisationId: string | null;
  canPost: boolean;
  canResolve: boolean;
  canReopen: boolean;
}

/** Who reaches a dossier's threads: who sees the dossier (domain/permissions/access.ts, decision 021). */
export function sideOf(actor: Actor, dossierOrganisationId: string, dossierStatus: DossierStatus): ThreadSide | null {
  return threadSide(actor, { organisationId: dossierOrganisationId, status: dossierStatus });
}

export async function requireThreadAccess(db: Executor, actor: Actor, dossierId: string, code: string): Promise<ThreadAccess> {
  const dossier = await db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .select([
      "dossiers.id",
      "dossiers.organisation_id",
      "dossiers.status",
      "dossiers.examiner_id",
      "dossiers.referentiel_version_id",
      "organisations.name",
    ])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
  const side = dossier ? sideOf(actor, dossier.organisation_id, dossier.status) : null;
  if (!dossier || !side) throw new DomainError("not_found", "errors.notFound");
  const indicator = await requireIndicator(db, dossier.referentiel_version_id, code);
  const thread = await db
    .selectFrom("threads")
    .select("id")
    .where("dossier_id", "=", dossier.id)
    .where("indicator_id", "=", indicator.id)
    .executeTakeFirst();
  const funderOrganisationId = side === "funder" ? funderIdOf(actor) : null;
  return {
    dossierId: dossier.id,
    organisationId: dossier.organisation_id,
    organisationName: dossier.name,
    examinerId: dossier.examiner_id,
    indicatorId: indicator.id,
    code: indicator.code,
    threadId: thread?.id ?? null,
    side,
    actorOrganisationId: side === "of" ? dossier.organisation_id : funderOrganisationId,
    canPost: side !== "coordinator",
    canResolve: canResolveThread(actor, dossier.organisation_id),
    canReopen: side !== "coordinator",
  };
}

/** The thread row of an access, created on first need (a message, a state change). */
export async function ensureThread(db: Executor, access: ThreadAccess): Promise<string> {
  if (access.threadId) return access.threadId;
  const created = await db
    .insertInto("threads")
    .values({ dossier_id: access.dossierId, indicator_id: access.indicatorId })
    .onConflict((oc) => oc.columns(["dossier_id", "indicator_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (created) return created.id;
  const row = await db
    .selectFrom("threads")
    .select("id")
    .where("dossier_id", "=", access.dossierId)
    .where("indicator_id", "=", access.indicatorId)
    .executeTakeFirstOrThrow();
  return row.id;
}

export function actorName(actor: Actor): string {
  return actor.fullName || actor.email;
}

export function actorOrganisationName(actor: Actor): string {
  return primaryMembership(actor)?.organisationName ?? "";
}
