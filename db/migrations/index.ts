import type { Migration } from "kysely";
import * as foundation from "./2026-11-28-0001-foundation";
import * as collabDocuments from "./2026-11-28-0100-collab-documents";
import * as dossierContent from "./2026-11-28-0200-dossier-content";
import * as ofJourney from "./2026-11-28-0300-of-journey";
import * as funderJourney from "./2026-11-28-0400-funder-journey";

/** Every migration, by its date-prefixed name. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  "2026-11-28-0001-foundation": foundation,
  "2026-11-28-0100-collab-documents": collabDocuments,
  "2026-11-28-0200-dossier-content": dossierContent,
  "2026-11-28-0300-of-journey": ofJourney,
  "2026-11-28-0400-funder-journey": funderJourney,
};
