import type { MessageKey } from "../../domain/i18n/translate";
import { parseWithZod } from "@conform-to/zod/v4";
import type { AppLoadContext } from "@remix-run/node";
import { emailRequestSchema } from "../../domain/accounts/accounts.schema";
import { ALL_KINDS, replyDone, replyInvalid, replyRefused, type FormReply } from "./form-reply.server";
import { accountDeps, type requestPasswordReset } from "./accounts.server";

/**
 * The action of a page that asks for a mail by e-mail address (password reset, new verification
 * link): always the same answer, whether or not an account exists for the address.
 */
export async function emailRequestAction(
  request: Request,
  context: AppLoadContext,
  send: typeof requestPasswordReset,
  sentNoticeKey: MessageKey,
): Promise<FormReply> {
  const submission = parseWithZod(await request.formData(), { schema: emailRequestSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await send(context.services.db, accountDeps(context.services), submission.value);
    return replyDone(submission, { notice: { key: sentNoticeKey, params: { email: submission.value.email } } });
  } catch (error) {
    return replyRefused(submission, error, { answers: ALL_KINDS });
  }
}
