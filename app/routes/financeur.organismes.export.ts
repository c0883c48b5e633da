import type { LoaderFunctionArgs } from "@remix-run/node";
import { EXPORT_MAX_ROWS, searchDirectory } from "../../domain/organisations/directory.queries";
import { labelsOn, ownLabelId } from "../../domain/labels/funder-labels.service";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import { isUuid } from "../../domain/validation/fields";
import { requireFunderSide } from "../utils/auth.server";
import { directoryFiltersFrom } from "../utils/directory-filters.server";
import { exportFormat, exportResponse, exportedIds } from "../utils/table-export.server";
import { withHtmlErrors } from "../utils/resource-error.server";
import { t } from "../i18n";

/** The directory as CSV or XLSX (`?format=xlsx`), with the page's search and filters, every matching OF (issue 15.5) or the rows ticked (issue 15.3). */
export const loader = withHtmlErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = requireFunderSide(request, context);
  const url = new URL(request.url);
  const db = context.services.db;
  const filters = {
    ...directoryFiltersFrom(url),
    offset: 0,
    limit: EXPORT_MAX_ROWS,
    forExport: true,
    withoutTotal: true,
    ids: exportedIds(url),
  };
  filters.funderLabelId = await ownLabelId(
    db,
    actor,
    isUuid(url.searchParams.get("etiquette")) ? url.searchParams.get("etiquette")! : undefined,
  );
  const { rows } = await searchDirectory(db, filters);
  const labels = await labelsOn(
    db,
    actor,
    "organisation",
    rows.map((r) => r.id),
  );
  return exportResponse(
    {
      name: t("directory.title"),
      header: [
        t("directory.name"),
        t("directory.siret"),
        t("directory.siren"),
        t("directory.nda"),
        t("directory.city"),
        t("directory.region"),
        t("directory.status"),
        t("directory.labels"),
        t("labels.column"),
      ],
      rows: rows.map((r) => [
        r.name,
        r.siret,
        r.siren,
        r.nda,
        r.city,
        r.region,
        r.status ? t(STATUS_LABEL_KEYS[r.status]) : t("directory.noStatus"),
        r.cnefopLabels.join(", "),
        (labels[r.id] ?? []).map((l) => l.name).join(", "),
      ]),
    },
    exportFormat(url),
    "annuaire",
  );
});
