import { z } from "zod";
import { formText } from "../forms/form-text";

/** Most characters a thread message may have (the services check its content). */
export const THREAD_MESSAGE_MAX = 20_000;

/**
 * The forms of an indicator's thread (/fils/:dossierId/:code): a funder's message, a read, resolve,
 * reopen. The OF's message goes through its indicator page, with the same `body`.
 */
export const threadActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("message"), body: formText.pipe(z.string().max(THREAD_MESSAGE_MAX, "errors.tooLong")) }),
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("resolve") }),
  z.object({ intent: z.literal("reopen") }),
]);
