import type { AppLoadContext } from "@remix-run/node";
import { ownLabelId } from "../../domain/labels/funder-labels.service";
import type { Actor } from "../../domain/permissions/actor";
import { isUuid } from "../../domain/validation/fields";

/** The `?etiquette=` filter of the queue and the directory: only a label of the actor's own funder (issue 15.4); another id is ignored. */
export async function ownLabelFilter(context: AppLoadContext, actor: Actor, url: URL): Promise<string | undefined> {
  const requested = url.searchParams.get("etiquette");
  return ownLabelId(context.services.db, actor, isUuid(requested) ? requested! : undefined);
}
