import { catalogueForApi } from "../../domain/api/api.queries";
import { CatalogueAddSchema } from "../../domain/api/api.schemas";
import { addToCatalogue, findOfBySiret } from "../../domain/catalogues/catalogue.service";
import { apiCall, apiRoute, problem } from "../utils/api.server";

export const { loader, action } = apiRoute({
  /** GET /api/v1/catalogue: the key's funder catalogue. */
  async GET({ request, context }) {
    const api = await apiCall(request, context);
    return api.json({ data: await catalogueForApi(context.services.db, api.principal.funderId) });
  },

  /** POST /api/v1/catalogue {siret, reason?}: read-write keys only. */
  async POST({ request, context }) {
    const api = await apiCall(request, context, "read-write");
    const body = CatalogueAddSchema.safeParse(await request.json().catch(() => null));
    if (!body.success) return problem(400, 'Expected {"siret": "14 digits", "reason"?: string}.');
    const db = context.services.db;
    const of = await findOfBySiret(db, body.data.siret);
    if (!of) return problem(404, "No organisation with this SIRET.");
    try {
      await addToCatalogue(
        db,
        { userId: null, apiFunderId: api.principal.funderId },
        {
          funderId: api.principal.funderId,
          organisationId: of.id,
          reason: body.data.reason,
        },
      );
    } catch (error) {
      return api.fail(error);
    }
    const entry = (await catalogueForApi(db, api.principal.funderId)).find((e) => e.siret === body.data.siret)!;
    return api.json(entry, 201);
  },
});
