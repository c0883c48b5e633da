import { common } from "./common";
import { navigation } from "./navigation";
import { home } from "./home";
import { dossiers } from "./dossiers";
import { accounts } from "./accounts";
import { ofDossier } from "./of-dossier";
import { selfDiagnosis } from "./self-diagnosis";
import { circuitCourt } from "./circuit-court";
import { ofProfile } from "./of-profile";
import { notifications } from "./notifications";
import { notificationPreferences } from "./notification-preferences";
import { examination } from "./examination";
import { referentiels } from "./referentiels";
import { catalogues } from "./catalogues";
import { funderSpace } from "./funder-space";
import { controls } from "./controls";
import { apiKeys } from "./api-keys";
import { webhooks } from "./webhooks";
import { coordination } from "./coordination";
import { reporting } from "./reporting";
import { live } from "./live";
import { threads } from "./threads";
import { collabDocuments } from "./collab-documents";
import { demoMode } from "./demo-mode";
import { webhookEgress } from "./webhook-egress";
import { inputValidation } from "./input-validation";
import { ui } from "./ui";
import { format } from "./format";
import { attestations } from "./attestations";
import { expectedDelay } from "./expected-delay";
import { formRules } from "./form-rules";
import { evidenceViewer } from "./evidence-viewer";
import { nextStep } from "./next-step";
import { reviewRoom } from "./review-room";
import { revisions } from "./revisions";
import { ownData } from "./own-data";
import { dossierExport } from "./dossier-export";
import { carryOver } from "./carry-over";
import { directory } from "./directory";
import { labels } from "./labels";
import { bulkActions } from "./bulk-actions";
import { experts } from "./experts";
import { delays } from "./delays";
import { campaigns } from "./campaigns";

/** The French catalogue: one file per area, merged here. */
export const fr = {
  ...common,
  ...navigation,
  ...home,
  ...dossiers,
  ...accounts,
  ...ofDossier,
  ...selfDiagnosis,
  ...circuitCourt,
  ...ofProfile,
  ...notifications,
  ...notificationPreferences,
  ...examination,
  ...referentiels,
  ...catalogues,
  ...funderSpace,
  ...controls,
  ...apiKeys,
  ...webhooks,
  ...coordination,
  ...reporting,
  ...live,
  ...threads,
  ...collabDocuments,
  ...demoMode,
  ...webhookEgress,
  ...directory,
  ...labels,
  ...bulkActions,
  ...experts,
  ...campaigns,
  ...inputValidation,
  ...ui,
  ...format,
  ...nextStep,
  ...reviewRoom,
  ...ownData,
  ...dossierExport,
  ...carryOver,
  ...attestations,
  ...expectedDelay,
  ...formRules,
  ...evidenceViewer,
  ...revisions,
  ...delays,
} as const;

/** Every key of the French catalogue: `t()` accepts nothing else, so a missing message fails typecheck. */
export type MessageKey = Extract<keyof typeof fr, string>;
