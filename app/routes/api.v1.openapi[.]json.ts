import { openApiDocument } from "../../domain/api/openapi";
import { apiRoute } from "../utils/api.server";

/** The OpenAPI 3.1 document of /api/v1 (public, no key needed). */
export const { loader, action } = apiRoute({
  async GET() {
    return new Response(JSON.stringify(openApiDocument(), null, 2), {
      headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
    });
  },
});
