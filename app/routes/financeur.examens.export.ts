import type { LoaderFunctionArgs } from "@remix-run/node";
import { listQueue } from "../../domain/examination/queue";
import { labelsOn, ownLabelId } from "../../domain/labels/funder-labels.service";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import { isUuid } from "../../domain/validation/fields";
import { requireFunderSide } from "../utils/auth.server";
import { queueFiltersFrom } from "../utils/queue-filters.server";
import { exportFormat, exportResponse, exportedIds } from "../utils/table-export.server";
import { withHtmlErrors } from "../utils/resource-error.server";
import { t } from "../i18n";
import { formatDate } from "../../domain/i18n/format";
import { DELAY_STAGE_LABEL_KEYS } from "../../domain/delays/delay-rules";

/** The examination queue as CSV or XLSX (`?format=xlsx`), with the page's filters, every matching dossier (issue 15.5) or the rows ticked (issue 15.3). */
export const loader = withHtmlErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = requireFunderSide(request, context);
  const url = new URL(request.url);
  const db = context.services.db;
  const filters = { ...queueFiltersFrom(url), offset: 0, limit: 100_000, forExport: true, ids: exportedIds(url) };
  filters.labelId = await ownLabelId(db, actor, isUuid(url.searchParams.get("etiquette")) ? url.searchParams.get("etiquette")! : undefined);
  const { rows } = await listQueue(db, filters);
  const labels = await labelsOn(
    db,
    actor,
    "dossier",
    rows.map((r) => r.dossierId),
  );
  return exportResponse(
    {
      name: t("examination.queue.title"),
      header: [
        t("examination.queue.organisation"),
        t("directory.siret"),
        t("examination.queue.region"),
        t("examination.queue.referentiel"),
        t("examination.queue.status"),
        t("examination.queue.waiting"),
        t("delays.queue.due"),
        t("delays.queue.dueStage"),
        t("examination.queue.examiner"),
        t("labels.column"),
      ],
      rows: rows.map((r) => [
        r.organisationName,
        r.siret,
        r.region,
        r.referentielName,
        t(STATUS_LABEL_KEYS[r.status]),
        r.waitingDays,
        r.dueOn ? formatDate(r.dueOn) : "",
        r.dueStage ? t(DELAY_STAGE_LABEL_KEYS[r.dueStage]) : "",
        r.examinerName ?? t("examination.queue.unassigned"),
        (labels[r.dossierId] ?? []).map((l) => l.name).join(", "),
      ]),
    },
    exportFormat(url),
    "file-examens",
  );
});
