import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "../../domain/api/openapi";

/**
 * Checks answers of /api/v1 against the OpenAPI document the API serves (ajv, JSON Schema 2020-12,
 * with the document's own component schemas). What the document does not list is checked against
 * what it promises for it: an unknown path is a 404 problem, an undocumented method a 405 problem
 * whose Allow header names the documented ones.
 */
type Doc = ReturnType<typeof openApiDocument>;
interface ResponseSpec {
  description: string;
  content?: Record<string, { schema: Record<string, unknown> }>;
}
type Operation = { responses: Record<string, ResponseSpec> };

const SCHEMA_ROOT = "https://datadock.invalid/openapi.json";
const API_PREFIX = "/api/v1";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface ApiContract {
  /** Throws an Error that says what differs when the answer is not one the document describes. */
  check(method: string, url: string, response: Response): Promise<void>;
}

export function createApiContract(doc: Doc = openApiDocument()): ApiContract {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  // The schemas are validated where the document puts them, so their "#/components/schemas/…" references resolve.
  ajv.addVocabulary(["components"]);
  ajv.addSchema({ $id: SCHEMA_ROOT, components: doc.components });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (schema: Record<string, unknown>) => {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
      const ref = typeof schema.$ref === "string" ? `${SCHEMA_ROOT}${schema.$ref}` : undefined;
      validate = ref ? ajv.compile({ $ref: ref }) : ajv.compile(schema);
      validators.set(key, validate);
    }
    return validate;
  };
  const problemSpec: ResponseSpec = {
    description: "problem",
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  };

  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));

  async function checkAgainst(spec: ResponseSpec, method: string, response: Response, where: string) {
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const text = await response.clone().text();
    if (!spec.content) {
      if (text !== "") throw new Error(`${where}: documented without a body, answered ${JSON.stringify(text.slice(0, 200))}`);
      return;
    }
    const media = spec.content[contentType];
    if (!media)
      throw new Error(`${where}: content type ${JSON.stringify(contentType)} is not one of ${Object.keys(spec.content).join(", ")}`);
    if (method === "HEAD") return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${where}: the body is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
    }
    const validate = validatorFor(media.schema);
    if (!validate(body))
      throw new Error(`${where}: the body does not match the schema: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    if (contentType === "application/problem+json" && (body as { status?: unknown }).status !== response.status) {
      throw new Error(`${where}: the problem's status ${(body as { status?: unknown }).status} differs from the HTTP status`);
    }
  }

  return {
    async check(rawMethod, url, response) {
      const method = rawMethod.toUpperCase();
      const path = new URL(url, "http://localhost").pathname;
      const where = `${method} ${path} → ${response.status}`;
      if (!path.startsWith(`${API_PREFIX}/`) && path !== API_PREFIX) throw new Error(`${where}: not an API path`);
      const relative = path.slice(API_PREFIX.length);
      // The document itself (public): JSON when read, problem+json otherwise.
      if (relative === "/openapi.json" && response.ok) {
        if (method !== "GET" && method !== "HEAD") throw new Error(`${where}: only GET reads the document`);
        return checkAgainst(
          { description: "document", content: { "application/json": { schema: { type: "object" } } } },
          method,
          response,
          where,
        );
      }
      const match = relative === "/openapi.json" ? { template: relative } : templates.find((t) => t.pattern.test(relative));
      if (!match) {
        if (response.status !== 404) throw new Error(`${where}: an undocumented path must answer 404`);
        return checkAgainst(problemSpec, method, response, where);
      }
      const item = (doc.paths as Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>)[match.template] ?? {
        get: {} as Operation,
      };
      const operation = item[(method === "HEAD" ? "get" : method.toLowerCase()) as (typeof METHODS)[number]];
      if (!operation) {
        if (response.status !== 405) throw new Error(`${where}: an undocumented method must answer 405`);
        const documented = METHODS.filter((m) => item[m]).flatMap((m) => (m === "get" ? ["GET", "HEAD"] : [m.toUpperCase()]));
        const allow = (response.headers.get("allow") ?? "")
          .split(",")
          .map((m) => m.trim())
          .filter(Boolean);
        if ([...allow].sort().join() !== [...documented].sort().join())
          throw new Error(`${where}: Allow is ${JSON.stringify(allow)}, the document has ${JSON.stringify(documented)}`);
        return checkAgainst(problemSpec, method, response, where);
      }
      const status = String(response.status);
      const spec = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
      if (!spec) throw new Error(`${where}: status ${status} is not documented for this operation`);
      return checkAgainst(spec, method, response, where);
    },
  };
}
