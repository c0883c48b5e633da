import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportDossier } from "../../domain/exports/dossier-export.service";
import { requireFunderSide } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { toHttpError } from "../utils/http-errors.server";
import { withHtmlErrors } from "../utils/resource-error.server";
import { zipDownload } from "../utils/zip-download.server";

/**
 * A whole dossier as one ZIP (issue 15.5, decision record 046), for the funders and the coordination
 * who may open it in the review room. The archive is written as it is sent (no Content-Length): the
 * browser's download shows the bytes received so far, and a large dossier never sits whole in memory.
 */
export const loader = withHtmlErrors(async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const { db, files } = context.services;
  const archive = await exportDossier(db, files, actor, dossierId).catch(toHttpError);
  return zipDownload(request, archive);
});
