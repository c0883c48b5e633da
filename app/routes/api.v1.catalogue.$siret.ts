import { findOfBySiret, removeFromCatalogue } from "../../domain/catalogues/catalogue.service";
import { apiCall, apiRoute, problem } from "../utils/api.server";

/** DELETE /api/v1/catalogue/:siret?reason=…: read-write keys only. */
export const { loader, action } = apiRoute({
  async DELETE({ request, params, context }) {
    const api = await apiCall(request, context, "read-write");
    const db = context.services.db;
    const of = await findOfBySiret(db, params.siret ?? "");
    if (!of) return problem(404, "No organisation with this SIRET.");
    try {
      await removeFromCatalogue(
        db,
        { userId: null, apiFunderId: api.principal.funderId },
        {
          funderId: api.principal.funderId,
          organisationId: of.id,
          reason: new URL(request.url).searchParams.get("reason"),
        },
      );
    } catch (error) {
      return api.fail(error);
    }
    return api.empty(204);
  },
});
