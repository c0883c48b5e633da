import type { AccountsTables } from "./accounts";
import type { CampaignsTables } from "./campaigns";
import type { ApiTables } from "./api";
import type { CollabTables } from "./collab";
import type { CoordinationTables } from "./coordination";
import type { DelaysTables } from "./delays";
import type { DossiersTables } from "./dossiers";
import type { EventsTables } from "./events";
import type { ExpertsTables } from "./experts";
import type { ExaminationTables } from "./examination";
import type { FilesTables } from "./files";
import type { FundersTables } from "./funders";
import type { NotificationsTables } from "./notifications";
import type { OrganisationsTables } from "./organisations";
import type { ReferentielsTables } from "./referentiels";
import type { ReportingTables } from "./reporting";
import type { ThreadsTables } from "./threads";

// The Kysely types of every table, one file per table group; every table's columns in one interface.
// tests/integration/schema-matches-migrations.test.ts checks them against a migrated database.

/** Every table, as Kysely sees it. */
export interface Database
  extends
    AccountsTables,
    OrganisationsTables,
    ReferentielsTables,
    DossiersTables,
    DelaysTables,
    FilesTables,
    ExaminationTables,
    CampaignsTables,
    FundersTables,
    ThreadsTables,
    CollabTables,
    NotificationsTables,
    CoordinationTables,
    ApiTables,
    ReportingTables,
    EventsTables,
    ExpertsTables {}

export type * from "./types";
export type * from "./accounts";
export type * from "./api";
export type * from "./campaigns";
export type * from "./collab";
export type * from "./coordination";
export type * from "./delays";
export type * from "./dossiers";
export type * from "./events";
export type * from "./experts";
export type * from "./examination";
export type * from "./files";
export type * from "./funders";
export type * from "./notifications";
export type * from "./organisations";
export type * from "./referentiels";
export type * from "./reporting";
export type * from "./threads";
