import type { LoaderFunctionArgs } from "@remix-run/node";
import { findOwnBulkJob } from "../../domain/bulk/bulk-jobs.service";
import { requireFunderSide } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { toHttpError } from "../utils/http-errors.server";

/**
 * A bulk job's progress as JSON (decision record 043), for its page when the live socket is down:
 * the person who started it only; anyone else, like an unknown id, gets 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const jobId = requireUuid(params.jobId);
  const job = await findOwnBulkJob(context.services.db, actor, jobId).catch(toHttpError);
  return Response.json(job, { headers: { "Cache-Control": "private, no-store" } });
}
