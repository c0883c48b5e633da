import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "../../domain/api/openapi";

/** The OpenAPI 3.1 document of /api/v1 (public, no key needed). */
export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(JSON.stringify(openApiDocument(context.services.config.publicUrl), null, 2), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
  });
}
