import { z } from "zod";
import { uuidField } from "../validation/fields";
import { formText } from "../forms/form-text";

/**
 * The funder's API page: API keys and webhooks. The services check names, scopes, URLs and events
 * (with their own messages); ids of the buttons' hidden fields must be ids.
 */
export const apiSettingsFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-key"), name: formText, scope: formText }),
  z.object({ intent: z.literal("revoke-key"), keyId: uuidField }),
  z.object({ intent: z.literal("create-webhook"), url: formText, events: z.array(z.string()).default([]) }),
  z.object({ intent: z.literal("disable-webhook"), webhookId: uuidField }),
]);
