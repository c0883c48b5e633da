import type { LoaderFunctionArgs } from "@remix-run/node";
import { listCatalogue } from "../../domain/catalogues/catalogue.service";
import { toCsv } from "../../domain/catalogues/catalogue-csv";
import { funderIdOf } from "../../domain/permissions/actor-side";
import { requirePermission } from "../utils/auth.server";
import { t } from "../i18n";

/** The funder's catalogue as CSV (funder staff only; scoped to their own funder). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, (a) => funderIdOf(a) !== null);
  const rows = await listCatalogue(context.services.db, funderIdOf(actor)!);
  const csv = toCsv(
    [
      t("catalogue.name"),
      t("catalogue.siret"),
      t("catalogue.region"),
      "Ville",
      t("catalogue.status"),
      t("catalogue.addedAt"),
      t("catalogue.reason"),
    ],
    rows.map((r) => [r.name, r.siret, r.region, r.city, r.status, r.addedAt, r.reason]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="catalogue.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
