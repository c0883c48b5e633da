import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchDirectory } from "../../domain/organisations/directory.queries";
import { foldSearchText } from "../../domain/organisations/directory-search";
import { searchParam, safeText } from "../../domain/validation/fields";
import { requireFunderSide } from "../utils/auth.server";

const searchBox = safeText(200);

/**
 * The directory's search as combobox options (JSON), for a form that picks an OF — adding one to the
 * catalogue: `?q=` and, with `datadocke=1`, only datadocké OFs. The value is the SIRET.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireFunderSide(request, context);
  const p = new URL(request.url).searchParams;
  const q = searchParam(searchBox, p.get("q"), "");
  if (foldSearchText(q).length < 2) return Response.json({ options: [] }, { headers: { "Cache-Control": "private, no-store" } });
  const { rows } = await searchDirectory(context.services.db, {
    q,
    status: p.get("datadocke") === "1" ? "datadocke" : undefined,
    limit: 10,
    withoutTotal: true,
  });
  const options = rows.map((r) => ({ value: r.siret ?? "", label: [r.name, r.siret, r.city].filter(Boolean).join(" — ") }));
  return Response.json({ options }, { headers: { "Cache-Control": "private, no-store" } });
}
