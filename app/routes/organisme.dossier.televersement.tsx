import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isDomainError } from "../../domain/errors";
import { addEvidence, replaceEvidence } from "../../domain/dossiers/evidence.service";
import { discardUpload } from "../../domain/files/discard-upload";
import { requireOfScope, text } from "../utils/of-journey.server";
import { parseUploadForm, uploadDeps } from "../utils/upload.server";
import { t } from "../i18n";

/**
 * Evidence upload (resource route): the multipart body is streamed into the file store, then the file
 * becomes evidence of the indicator (or replaces one). XHR callers (Accept: application/json) get JSON
 * for their progress bar; a plain form post is redirected back to the indicator.
 */
function reply(request: Request, code: string, status: number, body: { ok: boolean; message?: string }) {
  if ((request.headers.get("accept") ?? "").includes("application/json")) {
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
  }
  const target = `/organisme/dossier/indicateur/${encodeURIComponent(code)}`;
  return redirect(body.ok ? `${target}?televersement=ok` : `${target}?erreur=${encodeURIComponent(body.message ?? "")}`);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const owner = { organisationId: scope.organisationId, userId: scope.actor.userId };
  const { form, fileId, error } = await parseUploadForm(request, context, owner, "file");
  const code = text(form, "code");
  if (error) return reply(request, code, error.messageKey === "upload.tooLarge" ? 413 : 400, { ok: false, message: t(error.messageKey, error.params) });
  if (!fileId) return reply(request, code, 400, { ok: false, message: t("upload.missing") });
  try {
    const replaceId = text(form, "replaceId");
    if (replaceId) await replaceEvidence(context.services.db, scope, code, replaceId, { kind: "file", fileId });
    else await addEvidence(context.services.db, scope, code, { kind: "file", fileId });
  } catch (caught) {
    await discardUpload(uploadDeps(context), scope.organisationId, fileId);
    if (isDomainError(caught)) {
      const status = caught.kind === "not_found" ? 404 : caught.kind === "conflict" ? 409 : 400;
      return reply(request, code, status, { ok: false, message: t(caught.messageKey, caught.params) });
    }
    throw caught;
  }
  return reply(request, code, 200, { ok: true });
}
