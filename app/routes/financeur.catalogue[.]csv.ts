import type { LoaderFunctionArgs } from "@remix-run/node";
import { listCatalogue } from "../../domain/catalogues/catalogue.service";
import { funderIdOf } from "../../domain/permissions/actor-side";
import { STATUS_LABEL_KEYS, type DossierStatus } from "../../domain/dossiers/status-machine";
import { requirePermission } from "../utils/auth.server";
import { exportFormat, exportResponse } from "../utils/table-export.server";
import { withHtmlErrors } from "../utils/resource-error.server";
import { t } from "../i18n";

/**
 * The funder's catalogue (funder staff only; scoped to their own funder) as CSV, or XLSX with
 * `?format=xlsx` (issue 15.5): the page lists the whole catalogue, so does the export.
 */
export const loader = withHtmlErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = requirePermission(request, context, (a) => funderIdOf(a) !== null);
  const rows = await listCatalogue(context.services.db, funderIdOf(actor)!);
  return exportResponse(
    {
      name: t("catalogue.title"),
      header: [
        t("catalogue.name"),
        t("catalogue.siret"),
        t("catalogue.region"),
        t("directory.city"),
        t("catalogue.status"),
        t("catalogue.addedAt"),
        t("catalogue.reason"),
      ],
      rows: rows.map((r) => [
        r.name,
        r.siret,
        r.region,
        r.city,
        r.status ? t(STATUS_LABEL_KEYS[r.status as DossierStatus]) : "",
        r.addedAt,
        r.reason,
      ]),
    },
    exportFormat(new URL(request.url)),
    "catalogue",
  );
});
