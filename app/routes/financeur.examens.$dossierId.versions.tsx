import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listNotesVersions, restoreNotesVersion, saveNotesVersion } from "../../domain/collab/versions.service";
import { parseWithZod } from "@conform-to/zod/v4";
import { notesVersionFormSchema } from "../../domain/collab/versions.schema";
import { requireFunderSide } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyRefused } from "../utils/form-reply.server";
import { httpError, toHttpError } from "../utils/http-errors.server";

/** Named versions of a dossier's shared review notes (resource route used by the versions panel). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const versions = await listNotesVersions(context.services.db, actor, dossierId).catch(toHttpError);
  return { versions };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const dossierId = requireUuid(params.dossierId);
  const { db, live } = context.services;
  const submission = parseWithZod(await request.formData(), { schema: notesVersionFormSchema });
  // Only the versions panel posts here: an unknown intent is a bad request.
  if (submission.status !== "success") throw httpError(400);
  const input = submission.value;
  const form = input.intent;
  try {
    if (input.intent === "save-version") {
      const version = await saveNotesVersion(db, live.documents, actor, { dossierId, name: input.name });
      return replyDone(submission, { form, notice: { key: "collabDocs.versions.saved", params: { name: version.name } } });
    }
    const result = await restoreNotesVersion(db, live.documents, actor, { dossierId, versionId: input.versionId });
    return replyDone(submission, { form, notice: { key: "collabDocs.versions.restored", params: { name: result.restored } } });
  } catch (error) {
    return replyRefused(submission, error, { form });
  }
}
