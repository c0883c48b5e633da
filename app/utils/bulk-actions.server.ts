import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import type { BulkActionInput } from "../../domain/bulk/bulk-actions.schema";
import { findOwnBulkJob, startBulkJob, type BulkJobView, type BulkRows } from "../../domain/bulk/bulk-jobs.service";
import { canStartBulkAction } from "../../domain/permissions/policy";
import type { Actor } from "../../domain/permissions/actor";
import { isDomainError } from "../../domain/errors";
import { isUuid } from "../../domain/validation/fields";
import { replyInvalid, replyRefused, type FormReply } from "./form-reply.server";

/**
 * The bulk form of the queue and the directory (issue 15.3, decision record 043), posted to the page
 * itself and parsed there with `bulkActionFormSchema`: the rows ticked or "all matching" the filter of
 * the page's query string. Records the job, wakes this instance's runner and comes back to the page
 * with `?traitement=<job>`, whose progress the page shows. A refusal stays in the form.
 *   const submission = parseWithZod(formData, { schema: bulkActionFormSchema });
 *   return bulkActionReply(request, context, actor, submission, async (selection, url) => ({ target: "dossier", ...selection, filters }));
 */
export async function bulkActionReply(
  request: Request,
  context: AppLoadContext,
  actor: Actor,
  submission: Submission<BulkActionInput>,
  rowsOf: (selection: { scope: "selection" | "all"; ids: string[] }, url: URL) => Promise<BulkRows>,
): Promise<Response | FormReply> {
  if (submission.status !== "success") return replyInvalid(submission, { form: "bulk" });
  const url = new URL(request.url);
  let jobId: string;
  try {
    const rows = await rowsOf({ scope: submission.value.scope, ids: submission.value.id }, url);
    jobId = await startBulkJob(context.services.db, actor, submission.value, rows);
  } catch (error) {
    return replyRefused(submission, error, { form: "bulk", answers: ["validation", "forbidden"] });
  }
  context.services.bulkJobs?.wake();
  url.searchParams.delete("page");
  url.searchParams.delete("index"); // Remix's marker of a post to an index route
  url.searchParams.set("traitement", jobId);
  return redirect(`${url.pathname}?${url.searchParams.toString()}`);
}

/** The job named by `?traitement=` when it is the actor's own; null otherwise (another's, unknown, malformed). */
export async function followedBulkJob(context: AppLoadContext, actor: Actor, url: URL): Promise<BulkJobView | null> {
  const id = url.searchParams.get("traitement");
  if (!isUuid(id)) return null;
  try {
    return await findOwnBulkJob(context.services.db, actor, id);
  } catch (error) {
    if (isDomainError(error) && error.kind === "not_found") return null;
    throw error;
  }
}

/** The bulk actions the actor may start, in the order the form offers them. */
export function bulkActionsFor(actor: Actor) {
  return (["assign", "take", "label"] as const).filter((action) => canStartBulkAction(actor, action));
}
