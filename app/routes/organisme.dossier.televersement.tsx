import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isDomainError } from "../../domain/errors";
import { addEvidence, replaceEvidence } from "../../domain/dossiers/evidence.service";
import { discardUpload } from "../../domain/files/discard-upload";
import { parseWithZod } from "@conform-to/zod/v4";
import { evidenceUploadFormSchema } from "../../domain/dossiers/indicator-forms.schema";
import { requireOfScope } from "../utils/auth.server";
import { parseUploadForm, uploadDeps } from "../utils/upload.server";
import { uploadResultPath } from "../utils/upload-feedback.server";
import { t } from "../i18n";
import { asDomainError } from "../../domain/validation/data-exception";
import type { MessageKey } from "../../domain/i18n/translate";

/**
 * Evidence upload (resource route): the multipart body is streamed into the file store, then the file
 * becomes evidence of the indicator (or replaces one). XHR callers (Accept: application/json) get JSON
 * for their progress bar; a plain form post is redirected back to the indicator.
 */
function reply(
  request: Request,
  code: string,
  status: number,
  failure: { messageKey: MessageKey; params?: Record<string, string | number> } | null,
) {
  if ((request.headers.get("accept") ?? "").includes("application/json")) {
    const body = failure ? { ok: false, message: t(failure.messageKey, failure.params) } : { ok: true };
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
  }
  // The page is told the message key only, never the text (see upload-feedback.server.ts).
  return redirect(uploadResultPath(code, failure?.messageKey ?? null));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const owner = { organisationId: scope.organisationId, userId: scope.actor.userId };
  const { form, fileId, error } = await parseUploadForm(request, context, owner, "file");
  // Two text fields of at most FORM_TEXT_MAX characters: the schema cannot refuse them.
  const fields = parseWithZod(form, { schema: evidenceUploadFormSchema });
  const { code, replaceId } = fields.status === "success" ? fields.value : { code: "", replaceId: "" };
  if (error)
    return reply(request, code, error.messageKey === "upload.tooLarge" ? 413 : 400, { messageKey: error.messageKey, params: error.params });
  if (!fileId) return reply(request, code, 400, { messageKey: "upload.missing" });
  try {
    if (replaceId) await replaceEvidence(context.services.db, scope, code, replaceId, { kind: "file", fileId });
    else await addEvidence(context.services.db, scope, code, { kind: "file", fileId });
  } catch (thrown) {
    await discardUpload(uploadDeps(context), scope.organisationId, fileId);
    const caught = asDomainError(thrown);
    if (isDomainError(caught)) {
      const status = caught.kind === "not_found" ? 404 : caught.kind === "conflict" ? 409 : 400;
      return reply(request, code, status, { messageKey: caught.messageKey, params: caught.params });
    }
    throw caught;
  }
  return reply(request, code, 200, null);
}
