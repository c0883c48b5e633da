import type { AppLoadContext } from "@remix-run/node";
import type { LiveDossierChange } from "../../domain/context";
import type { Actor } from "../../domain/permissions/actor";

/**
 * Reports a committed dossier change to the live layer (open pages update, the activity feed records it).
 * Call it only once the service returned; it never throws and does nothing when no live layer runs.
 */
export function reportDossierChange(context: AppLoadContext, actor: Actor, change: Omit<LiveDossierChange, "actor">): void {
  context.services.live.events?.dossierChanged({ ...change, actor: { userId: actor.userId, name: actor.fullName || actor.email } });
}
