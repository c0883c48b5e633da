import { decisionHistory, organisationBySiret } from "../../domain/api/api.queries";
import { apiKeyActor, canSeeOrganisation } from "../../domain/permissions/access";
import { apiCall, apiRoute, problem } from "../utils/api.server";

/** GET /api/v1/organisations/:siret/decisions */
export const { loader, action } = apiRoute({
  async GET({ request, params, context }) {
    const api = await apiCall(request, context);
    const found = await organisationBySiret(context.services.db, params.siret ?? "");
    if (!found || !canSeeOrganisation(apiKeyActor(api.principal.funderId), { id: found.id, kind: "of" })) {
      return problem(404, "No organisation with this SIRET.");
    }
    return api.json({ data: await decisionHistory(context.services.db, found.id) });
  },
});
