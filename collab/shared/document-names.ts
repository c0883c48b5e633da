import { z } from "zod";

/**
 * Collaborative document names: `<kind>:<uuid>:<facet>`, one facet per kind.
 * Isomorphic (the Remix app builds names with `formatDocumentName`); the server parses every
 * name it receives and uses the canonical form (lower-case uuid) as the document's key.
 */
export const DOCUMENT_FACETS = {
  dossier: "review",
  evidence: "annotations",
  /** Annotations on text ranges of an OF's description (indicator answer), same layout as the evidence ones. */
  answer: "annotations",
  organisation: "funder-notes",
} as const;

export type DocumentKind = keyof typeof DOCUMENT_FACETS;

export type ParsedDocumentName = {
  [K in DocumentKind]: { kind: K; id: string; facet: (typeof DOCUMENT_FACETS)[K]; name: string };
}[DocumentKind];

const uuid = z.uuid().transform((id) => id.toLowerCase());

const kindSchema = z.enum(Object.keys(DOCUMENT_FACETS) as [DocumentKind, ...DocumentKind[]]);

/** Validates a name and yields its parts; anything but the known shapes is rejected. */
export const documentNameSchema = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const parts = value.split(":");
    const kind = kindSchema.safeParse(parts[0]);
    const id = uuid.safeParse(parts[1]);
    if (parts.length !== 3 || !kind.success || !id.success || parts[2] !== DOCUMENT_FACETS[kind.data]) {
      ctx.addIssue({ code: "custom", message: "invalid document name" });
      return z.NEVER;
    }
    const parsed = { kind: kind.data, id: id.data, facet: DOCUMENT_FACETS[kind.data] };
    return { ...parsed, name: formatDocumentName(parsed) } as ParsedDocumentName;
  });

export function parseDocumentName(value: string): ParsedDocumentName | null {
  const result = documentNameSchema.safeParse(value);
  return result.success ? result.data : null;
}

export function formatDocumentName(document: { kind: DocumentKind; id: string }): string {
  return `${document.kind}:${document.id.toLowerCase()}:${DOCUMENT_FACETS[document.kind]}`;
}

export const dossierReviewDocument = (dossierId: string) => formatDocumentName({ kind: "dossier", id: dossierId });
export const evidenceAnnotationsDocument = (evidenceId: string) => formatDocumentName({ kind: "evidence", id: evidenceId });
export const answerAnnotationsDocument = (answerId: string) => formatDocumentName({ kind: "answer", id: answerId });
export const organisationFunderNotesDocument = (organisationId: string) => formatDocumentName({ kind: "organisation", id: organisationId });

/** The XML fragment of a dossier's review notes that holds one indicator's part (Tiptap Collaboration's `field`, issue 13). */
export const indicatorNotesField = (code: string) => `indicator:${code}`;
/** The Y.Text of the same document holding the reason being written for one indicator's decision, shared by its deciders. */
export const indicatorReasonField = (code: string) => `reason:${code}`;
