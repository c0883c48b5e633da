import type { Migration } from "kysely";
import * as foundation from "./2026-11-28-0001-foundation";
import * as collabDocuments from "./2026-11-28-0100-collab-documents";
import * as dossierContent from "./2026-11-28-0200-dossier-content";
import * as ofJourney from "./2026-11-28-0300-of-journey";
import * as funderJourney from "./2026-11-28-0400-funder-journey";
import * as reportingRollups from "./2026-11-29-0500-reporting-rollups";
import * as collabVersions from "./2026-11-29-0600-collab-versions";
import * as presenceActivity from "./2026-11-29-0700-presence-activity";
import * as threadReads from "./2026-11-29-0800-thread-reads";
import * as journeyGaps from "./2026-11-29-0900-journey-gaps";
import * as apiRateWindows from "./2026-11-29-1000-api-rate-windows";
import * as apiRatePerFunder from "./2026-11-30-1100-api-rate-per-funder";
import * as fileReferenceIndexes from "./2026-12-01-0100-file-reference-indexes";
import * as coExaminersAndDeListings from "./2026-12-01-0220-co-examiners-and-de-listings";
import * as loginThrottles from "./2026-12-01-0725-login-throttles";
import * as domainEvents from "./2026-12-01-1000-domain-events";
import * as webhookDeliveryEventKey from "./2026-12-01-1100-webhook-delivery-event-key";
import * as attestations from "./2026-12-01-1200-attestations";
import * as committeeSessions from "./2026-12-01-1200-committee-sessions";
import * as referentielFormRules from "./2026-12-01-1210-referentiel-form-rules";
import * as dossierRoundsAndChecks from "./2026-12-01-1300-dossier-rounds-and-checks";
import * as answerRevisions from "./2026-12-02-0200-answer-revisions";
import * as accountDeletion from "./2026-12-02-0300-account-deletion";
import * as indicatorMappings from "./2026-12-02-0300-indicator-mappings";
import * as organisationSearch from "./2026-12-02-0400-organisation-search";
import * as funderLabels from "./2026-12-02-0410-funder-labels";
import * as bulkJobs from "./2026-12-02-0520-bulk-jobs";
import * as expertOpinions from "./2026-12-02-0530-expert-opinions";
import * as dossierDeadlines from "./2026-12-02-0540-dossier-deadlines";
import * as notificationPreferences from "./2026-12-02-0600-notification-preferences";
import * as controlCampaigns from "./2026-12-02-0610-control-campaigns";
import * as directorySortIndexes from "./2026-12-02-0700-directory-sort-indexes";

/** Every migration, by its date-prefixed name. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  "2026-11-28-0001-foundation": foundation,
  "2026-11-28-0100-collab-documents": collabDocuments,
  "2026-11-28-0200-dossier-content": dossierContent,
  "2026-11-28-0300-of-journey": ofJourney,
  "2026-11-28-0400-funder-journey": funderJourney,
  "2026-11-29-0500-reporting-rollups": reportingRollups,
  "2026-11-29-0600-collab-versions": collabVersions,
  "2026-11-29-0700-presence-activity": presenceActivity,
  "2026-11-29-0800-thread-reads": threadReads,
  "2026-11-29-0900-journey-gaps": journeyGaps,
  "2026-11-29-1000-api-rate-windows": apiRateWindows,
  "2026-11-30-1100-api-rate-per-funder": apiRatePerFunder,
  "2026-12-01-0100-file-reference-indexes": fileReferenceIndexes,
  "2026-12-01-0220-co-examiners-and-de-listings": coExaminersAndDeListings,
  "2026-12-01-0725-login-throttles": loginThrottles,
  "2026-12-01-1000-domain-events": domainEvents,
  "2026-12-01-1100-webhook-delivery-event-key": webhookDeliveryEventKey,
  "2026-12-01-1200-attestations": attestations,
  "2026-12-01-1200-committee-sessions": committeeSessions,
  "2026-12-01-1210-referentiel-form-rules": referentielFormRules,
  "2026-12-01-1300-dossier-rounds-and-checks": dossierRoundsAndChecks,
  "2026-12-02-0200-answer-revisions": answerRevisions,
  "2026-12-02-0300-account-deletion": accountDeletion,
  "2026-12-02-0300-indicator-mappings": indicatorMappings,
  "2026-12-02-0400-organisation-search": organisationSearch,
  "2026-12-02-0410-funder-labels": funderLabels,
  "2026-12-02-0520-bulk-jobs": bulkJobs,
  "2026-12-02-0530-expert-opinions": expertOpinions,
  "2026-12-02-0540-dossier-deadlines": dossierDeadlines,
  "2026-12-02-0600-notification-preferences": notificationPreferences,
  "2026-12-02-0610-control-campaigns": controlCampaigns,
  "2026-12-02-0700-directory-sort-indexes": directorySortIndexes,
};
