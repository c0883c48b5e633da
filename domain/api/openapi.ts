import { z } from "zod";
import {
  CatalogueAddSchema,
  CatalogueEntrySchema,
  CatalogueSchema,
  DecisionListSchema,
  DecisionSchema,
  OrganisationListSchema,
  OrganisationSchema,
  ProblemSchema,
} from "./api.schemas";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ "application/json": { schema: ref(id) } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const rateHeaders = {
  "RateLimit-Limit": { schema: { type: "integer" }, description: "Requests allowed in the current window" },
  "RateLimit-Remaining": { schema: { type: "integer" }, description: "Requests left in the current window" },
  "RateLimit-Reset": { schema: { type: "integer" }, description: "Seconds until the window resets" },
};
const errors = {
  "401": problem("Missing, unknown or revoked API key"),
  "429": problem("Rate limit of the funder exceeded (all its keys share one quota); see Retry-After"),
  default: problem("Any other error: 503 when the database does not answer, 500 otherwise"),
};
const siretParam = { name: "siret", in: "path", required: true, schema: { type: "string", pattern: "^\\d{14}$" } };

function components() {
  const schemas = [
    ProblemSchema,
    OrganisationSchema,
    OrganisationListSchema,
    DecisionSchema,
    DecisionListSchema,
    CatalogueEntrySchema,
    CatalogueSchema,
    CatalogueAddSchema,
  ];
  const registry = z.registry<{ id: string }>();
  for (const s of schemas) registry.add(s, { id: (s.meta() as { id: string }).id });
  const { schemas: out } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  for (const value of Object.values(out)) {
    delete value.$schema;
    delete value.$id;
  }
  return out;
}

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas the API answers with.
 * Its server URL is relative (resolved against wherever the document is served), so one document
 * fits every installation.
 */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Datadock API",
      version: "1.0.0",
      description:
        "API des financeurs : organismes, catalogue de référence, historique des décisions. " +
        "Toute réponse qui n'est pas un succès est au format application/problem+json (RFC 9457) : " +
        "404 pour un chemin inconnu sous /api/v1, 405 avec l'en-tête Allow pour une méthode non décrite ici. " +
        "Le quota (en-têtes RateLimit-*) est celui du financeur : toutes ses clés le partagent.",
      license: { name: "Propriétaire — GIE Datadock", identifier: "LicenseRef-Datadock-Proprietary" },
    },
    servers: [{ url: "/api/v1", description: "Cette installation de Datadock" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "Clé d'API du financeur (Authorization: Bearer dd_…)" } },
      schemas: components(),
    },
    paths: {
      "/organisations": {
        get: {
          operationId: "listOrganisations",
          summary: "Rechercher des organismes",
          description:
            "Sans q : tous les organismes filtrés, par identifiant (curseur). Avec q : la recherche de l'annuaire — nom, SIRET, SIREN, NDA, " +
            "ville, région, statut, label CNEFOP, sans tenir compte des accents, de la casse ni des fautes de frappe — par pertinence ; " +
            "next_cursor donne la page suivante de la même recherche.",
          parameters: [
            {
              name: "q",
              in: "query",
              description: "Texte recherché (1 à 200 caractères, au moins une lettre ou un chiffre)",
              schema: { type: "string", minLength: 1, maxLength: 200 },
            },
            {
              name: "status",
              in: "query",
              schema: {
                type: "string",
                enum: ["brouillon", "soumis", "en_examen", "a_completer", "datadocke", "non_conforme", "dereference"],
              },
            },
            { name: "region", in: "query", schema: { type: "string" } },
            { name: "updated_since", in: "query", schema: { type: "string", format: "date-time" } },
            { name: "cursor", in: "query", schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: {
            "200": { description: "A page of organisations", headers: rateHeaders, content: json("OrganisationList") },
            "400": problem("Invalid parameter"),
            ...errors,
          },
        },
      },
      "/organisations/{siret}": {
        get: {
          operationId: "getOrganisation",
          summary: "Lire un organisme par son SIRET",
          parameters: [siretParam],
          responses: {
            "200": { description: "One organisation", headers: rateHeaders, content: json("Organisation") },
            "400": problem("Invalid parameter"),
            "404": problem("Unknown SIRET"),
            ...errors,
          },
        },
      },
      "/organisations/{siret}/decisions": {
        get: {
          operationId: "getDecisions",
          summary: "Historique des décisions du dossier d'un organisme",
          parameters: [siretParam],
          responses: {
            "200": { description: "Decision history", headers: rateHeaders, content: json("DecisionList") },
            "400": problem("Invalid parameter"),
            "404": problem("Unknown SIRET"),
            ...errors,
          },
        },
      },
      "/catalogue": {
        get: {
          operationId: "getCatalogue",
          summary: "Catalogue de référence du financeur de la clé",
          responses: { "200": { description: "The key's funder catalogue", headers: rateHeaders, content: json("Catalogue") }, ...errors },
        },
        post: {
          operationId: "addToCatalogue",
          summary: "Ajouter un organisme datadocké au catalogue",
          requestBody: { required: true, content: json("CatalogueAdd") },
          responses: {
            "201": { description: "Added", headers: rateHeaders, content: json("CatalogueEntry") },
            "400": problem("Invalid body"),
            "403": problem("Read-only key"),
            "404": problem("Unknown SIRET"),
            "409": problem("Not datadocké, or already listed"),
            ...errors,
          },
        },
      },
      "/catalogue/{siret}": {
        delete: {
          operationId: "removeFromCatalogue",
          summary: "Retirer un organisme du catalogue (motif obligatoire)",
          parameters: [siretParam, { name: "reason", in: "query", required: true, schema: { type: "string" } }],
          responses: {
            "204": { description: "Removed", headers: rateHeaders },
            "400": problem("Reason missing"),
            "403": problem("Read-only key"),
            "404": problem("Not listed"),
            ...errors,
          },
        },
      },
    },
    webhooks: {
      "dossier.status_changed": {
        post: {
          operationId: "dossierStatusChanged",
          summary: "Le statut d'un dossier a changé",
          description: "Signé : en-têtes Datadock-Timestamp et Datadock-Signature (sha256=HMAC-SHA256(secret, timestamp + '.' + corps)).",
          responses: { "2XX": { description: "Accusé de réception" } },
        },
      },
      "catalogue.changed": {
        post: {
          operationId: "catalogueChanged",
          summary: "Le catalogue du financeur a changé",
          responses: { "2XX": { description: "Accusé de réception" } },
        },
      },
    },
  };
}
