import type { Generated, Selectable } from "kysely";
import type { Timestamp } from "./types";

// What a funder keeps about organisations: its catalogue, the catalogue's history, its notes.

export type CatalogueAction = "added" | "removed";
export type FunderNoteKind = "note" | "comment" | "document";

export interface CatalogueEntriesTable {
  id: Generated<string>;
  funder_id: string;
  organisation_id: string;
  reason: string | null;
  added_by: string | null;
  added_at: Timestamp;
}

export interface CatalogueHistoryTable {
  id: Generated<string>;
  funder_id: string;
  organisation_id: string;
  action: CatalogueAction;
  reason: string | null;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface FunderNotesTable {
  id: Generated<string>;
  organisation_id: string;
  author_id: string | null;
  author_organisation_id: string | null;
  kind: FunderNoteKind;
  body: string;
  file_id: string | null;
  created_at: Timestamp;
}

/** A funder's own label (issue 15.4): seen and used by its staff only. */
export interface FunderLabelsTable {
  id: Generated<string>;
  funder_id: string;
  name: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface OrganisationLabelsTable {
  label_id: string;
  organisation_id: string;
  added_by: string | null;
  created_at: Timestamp;
}

export interface DossierLabelsTable {
  label_id: string;
  dossier_id: string;
  added_by: string | null;
  created_at: Timestamp;
}

export interface FundersTables {
  catalogue_entries: CatalogueEntriesTable;
  catalogue_history: CatalogueHistoryTable;
  funder_notes: FunderNotesTable;
  funder_labels: FunderLabelsTable;
  organisation_labels: OrganisationLabelsTable;
  dossier_labels: DossierLabelsTable;
}

export type FunderLabel = Selectable<FunderLabelsTable>;

export type CatalogueEntry = Selectable<CatalogueEntriesTable>;
export type FunderNote = Selectable<FunderNotesTable>;
