import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { loadThreadPanel } from "../../domain/threads/thread-view.service";
import { markThreadRead } from "../../domain/threads/thread-reads.service";
import { setThreadResolved } from "../../domain/threads/thread-state.service";
import { postFunderMessage } from "../../domain/threads/funder-threads.service";
import { threadActionSchema } from "../../domain/threads/thread.schema";
import { requireActor } from "../utils/auth.server";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyRefused, type FormReply } from "../utils/form-reply.server";

/**
 * One indicator's thread, for the thread panels of both sides (decision 016): GET its view, POST a
 * funder's message, a read, resolve or reopen. Authorised in the domain (the OF's own dossier only).
 */
const CODE = /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/;

function params(raw: { dossierId?: string; code?: string }) {
  const dossierId = requireUuid(raw.dossierId);
  if (!raw.code || !CODE.test(raw.code)) throw httpError(404);
  return { dossierId, code: raw.code };
}

export async function loader({ request, params: raw, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const { dossierId, code } = params(raw);
  return loadThreadPanel(context.services.db, actor, dossierId, code).catch(toHttpError);
}

export async function action({ request, params: raw, context }: ActionFunctionArgs): Promise<FormReply> {
  const actor = requireActor(request, context);
  const { dossierId, code } = params(raw);
  const submission = parseWithZod(await request.formData(), { schema: threadActionSchema });
  // Only the panel posts here: a request it cannot have sent is refused outright.
  if (submission.status !== "success") throw httpError(400);
  const input = submission.value;
  const db = context.services.db;
  try {
    switch (input.intent) {
      case "message": {
        await postFunderMessage(db, actor, dossierId, code, input.body);
        break;
      }
      case "read":
        await markThreadRead(db, actor, dossierId, code);
        break;
      case "resolve":
      case "reopen":
        await setThreadResolved(db, actor, dossierId, code, input.intent === "resolve");
        break;
    }
    return replyDone(submission, { form: input.intent });
  } catch (error) {
    return replyRefused(submission, error, { form: input.intent, answers: ["validation", "conflict", "forbidden"] });
  }
}
