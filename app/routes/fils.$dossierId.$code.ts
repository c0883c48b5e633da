import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { loadThreadPanel } from "../../domain/threads/thread-view.service";
import { markThreadRead } from "../../domain/threads/thread-reads.service";
import { setThreadResolved } from "../../domain/threads/thread-state.service";
import { postFunderMessage } from "../../domain/threads/funder-threads.service";
import { isDomainError } from "../../domain/errors";
import { requireActor } from "../utils/auth.server";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { requireUuid } from "../utils/uuid.server";

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

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("message"), body: z.string().max(20_000) }),
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("resolve") }),
  z.object({ intent: z.literal("reopen") }),
]);

export type ThreadActionReply = { ok: true; intent: string } | { ok: false; intent: string; messageKey: string; fieldErrors: Record<string, string[]> };

export async function action({ request, params: raw, context }: ActionFunctionArgs): Promise<ThreadActionReply> {
  const actor = requireActor(request, context);
  const { dossierId, code } = params(raw);
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw httpError(400);
  const input = parsed.data;
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
    return { ok: true, intent: input.intent };
  } catch (error) {
    if (isDomainError(error) && (error.kind === "validation" || error.kind === "conflict" || error.kind === "forbidden")) {
      return { ok: false, intent: input.intent, messageKey: error.messageKey, fieldErrors: error.fieldErrors };
    }
    return toHttpError(error);
  }
}
