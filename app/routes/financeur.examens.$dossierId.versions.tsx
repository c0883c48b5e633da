import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listNotesVersions, restoreNotesVersion, saveNotesVersion } from "../../domain/collab/versions.service";
import { requireFunderSide } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { field, formAction } from "../utils/form-actions.server";
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
  const form = await request.formData();
  switch (field(form, "intent")) {
    case "save-version":
      return formAction(
        () => saveNotesVersion(db, live.documents, actor, { dossierId, name: field(form, "name") }),
        (version) => ({ ok: true, messageKey: "collabDocs.versions.saved", params: { name: version.name } }),
      );
    case "restore-version":
      return formAction(
        () => restoreNotesVersion(db, live.documents, actor, { dossierId, versionId: field(form, "versionId") }),
        (result) => ({ ok: true, messageKey: "collabDocs.versions.restored", params: { name: result.restored } }),
      );
    default:
      throw httpError(400);
  }
}
