import type { Executor } from "../../db/executor";
import { inTransaction, uniqueViolation } from "../../db/transaction";
import { logCoordinationAction } from "../coordination/coordination-log";
import { currentReferentielVersionId } from "../dossiers/dossier-access";
import { DomainError, forbidden } from "../errors";
import type { Actor } from "../permissions/actor";
import { canManageReferentiels } from "../permissions/policy";

/**
 * The open référentiel: the one published version new OF dossiers are filed under, chosen by the
 * coordination (one at a time: referentiel_versions.is_open under a partial unique index). Dossiers
 * already filed keep their version. Until a coordinator chooses, the default of
 * currentReferentielVersionId applies (the référentiel marked open by the loader, latest version).
 */
export async function openReferentielVersion(db: Executor, actor: Actor, versionId: string): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  try {
    await inTransaction(db, async (trx) => {
      const version = await trx
        .selectFrom("referentiel_versions as v")
        .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
        .select(["v.id", "v.version", "v.status", "v.referentiel_id", "r.name"])
        .where("v.id", "=", versionId)
        .forUpdate()
        .executeTakeFirst();
      if (!version) throw new DomainError("not_found", "errors.notFound");
      if (version.status !== "published") throw new DomainError("conflict", "referentiels.openNotPublished");
      const previousId = await currentReferentielVersionId(trx).catch(() => null);
      if (previousId === version.id) {
        // Already the effective one: make the choice explicit, nothing else changes.
        await trx.updateTable("referentiel_versions").set({ is_open: true }).where("id", "=", version.id).execute();
        return;
      }
      const previous = previousId
        ? await trx
            .selectFrom("referentiel_versions as v")
            .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
            .select(["v.id", "v.version", "r.name"])
            .where("v.id", "=", previousId)
            .executeTakeFirst()
        : undefined;
      await trx.updateTable("referentiel_versions").set({ is_open: false }).where("is_open", "=", true).execute();
      await trx.updateTable("referentiel_versions").set({ is_open: true }).where("id", "=", version.id).execute();
      // Keep the référentiel-level flag (older readers, the loader's default) in step.
      await trx
        .updateTable("referentiels")
        .set({ is_open: false })
        .where("id", "<>", version.referentiel_id)
        .where("is_open", "=", true)
        .execute();
      await trx.updateTable("referentiels").set({ is_open: true }).where("id", "=", version.referentiel_id).execute();
      await logCoordinationAction(trx, {
        actorId: actor.userId,
        action: "referentiel.opened",
        subjectId: version.id,
        payload: {
          referentiel: version.name,
          version: version.version,
          previous: previous ? { id: previous.id, referentiel: previous.name, version: previous.version } : null,
        },
      });
    });
  } catch (error) {
    if (uniqueViolation(error) !== null) throw new DomainError("conflict", "referentiels.openConflict");
    throw error;
  }
}
