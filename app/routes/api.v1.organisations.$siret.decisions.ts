import type { LoaderFunctionArgs } from "@remix-run/node";
import { decisionHistory, organisationBySiret } from "../../domain/api/api.queries";
import { apiKeyActor, canSeeOrganisation } from "../../domain/permissions/access";
import { apiCall, problem } from "../utils/api.server";

/** GET /api/v1/organisations/:siret/decisions */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const api = await apiCall(request, context);
  const found = await organisationBySiret(context.services.db, params.siret ?? "");
  if (!found || !canSeeOrganisation(apiKeyActor(api.principal.funderId), { id: found.id, kind: "of" })) {
    return problem(404, "No organisation with this SIRET.");
  }
  return api.json({ data: await decisionHistory(context.services.db, found.id) });
}
