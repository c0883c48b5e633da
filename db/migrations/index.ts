import type { Migration } from "kysely";
import * as foundation from "./2026-11-28-0001-foundation";

/** Every migration, by its date-prefixed name. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  "2026-11-28-0001-foundation": foundation,
};
