import { apiNotFound } from "../utils/api.server";

/** Any other path under /api/v1, whatever the method: 404 as problem+json (not the portal's HTML page). */
export const loader = () => apiNotFound();
export const action = () => apiNotFound();
