import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportOrganisationData } from "../../domain/organisations/organisation-export.service";
import { requireOfScope } from "../utils/auth.server";
import { toHttpError } from "../utils/http-errors.server";
import { withHtmlErrors } from "../utils/resource-error.server";
import { zipDownload } from "../utils/zip-download.server";

/**
 * Everything the OF holds in Datadock as one ZIP (issue 14.8, decision record 039), for its admins.
 * The archive is written as it is sent (no Content-Length): the browser's download shows the bytes
 * received so far, and a large dossier never sits whole in the server's memory.
 */
export const loader = withHtmlErrors(async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const { db, files } = context.services;
  const archive = await exportOrganisationData(db, files, scope.actor, scope.organisationId).catch(toHttpError);
  return zipDownload(request, archive);
});
