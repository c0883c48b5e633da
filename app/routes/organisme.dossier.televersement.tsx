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
import { flashToastCookie } from "../utils/flash-toast.server";
import { asDomainError } from "../../domain/validation/data-exception";
import type { MessageKey } from "../../domain/i18n/translate";

/**
 * Evidence upload (resource route): the multipart body is streamed into the file store, then the file
 * becomes evidence of the indicator (or replaces one). XHR callers (Accept: application/json) get JSON
 * for their progress bar; a plain form post is redirected back to the indicator.
 */
async function reply(
  context: ActionFunctionArgs["context"],
  request: Request,
  code: string,
  status: number,
  failure: { messageKey: MessageKey; params?: Record<string, string | number> } | null,
) {
  // A done upload is confirmed by a flash toast: the XHR's page revalidates and shows it, a plain form lands on it.
  const toast = failure ? null : await flashToastCookie(context, { kind: "success", messageKey: "indicatorPage.uploadDone" });
  if ((request.headers.get("accept") ?? "").includes("application/json")) {
    const body = failure ? { ok: false, message: t(failure.messageKey, failure.params) } : { ok: true };
    const headers = new Headers({ "Content-Type": "application/json; charset=utf-8" });
    if (toast) headers.append("Set-Cookie", toast);
    return new Response(JSON.stringify(body), { status, headers });
  }
  // The page is told the message key only, never the text (see upload-feedback.server.ts).
  return redirect(uploadResultPath(code, failure?.messageKey ?? null), toast ? { headers: { "Set-Cookie": toast } } : undefined);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const owner = { organisationId: scope.organisationId, userId: scope.actor.userId };
  const { form, fileId, error } = await parseUploadForm(request, context, owner, "file");
  // Two text fields of at most FORM_TEXT_MAX characters: the schema cannot refuse them.
  const fields = parseWithZod(form, { schema: evidenceUploadFormSchema });
  const { code, replaceId } = fields.status === "success" ? fields.value : { code: "", replaceId: "" };
  if (error)
    return reply(context, request, code, error.messageKey === "upload.tooLarge" ? 413 : 400, {
      messageKey: error.messageKey,
      params: error.params,
    });
  if (!fileId) return reply(context, request, code, 400, { messageKey: "upload.missing" });
  try {
    if (replaceId) await replaceEvidence(context.services.db, scope, code, replaceId, { kind: "file", fileId });
    else await addEvidence(context.services.db, scope, code, { kind: "file", fileId });
  } catch (thrown) {
    await discardUpload(uploadDeps(context), scope.organisationId, fileId);
    const caught = asDomainError(thrown);
    if (isDomainError(caught)) {
      const status = caught.kind === "not_found" ? 404 : caught.kind === "conflict" ? 409 : 400;
      return reply(context, request, code, status, { messageKey: caught.messageKey, params: caught.params });
    }
    throw caught;
  }
  return reply(context, request, code, 200, null);
}
