import type { Messages } from "../translate";
import { common } from "./common";
import { home } from "./home";
import { dossiers } from "./dossiers";
import { accounts } from "./accounts";
import { ofJourney } from "./of-journey";
import { funderJourney } from "./funder-journey";
import { live } from "./live";
import { threads } from "./threads";
import { collabDocuments } from "./collab-documents";
import { demoMode } from "./demo-mode";
import { webhookEgress } from "./webhook-egress";
import { whoDecides } from "./who-decides";
import { inputValidation } from "./input-validation";

/** The French catalogue: one file per area, merged here. */
export const fr: Messages = {
  ...common,
  ...home,
  ...dossiers,
  ...accounts,
  ...ofJourney,
  ...funderJourney,
  ...live,
  ...threads,
  ...collabDocuments,
  ...demoMode,
  ...webhookEgress,
  ...whoDecides,
  ...inputValidation,
};
