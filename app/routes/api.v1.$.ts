import { problem } from "../utils/api.server";

/** Any other path under /api/v1, whatever the method: 404 as problem+json (not the portal's HTML page). */
function notFound(): Response {
  return problem(404, "No such API resource; the API is described at /api/v1/openapi.json.");
}

export const loader = notFound;
export const action = notFound;
