import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { startCarriedOverDossier } from "../../domain/dossiers/carry-over.service";
import { isDomainError } from "../../domain/errors";
import { requireOfScope } from "../utils/auth.server";
import { redirectWithToast } from "../utils/flash-toast.server";

/**
 * Starts the dossier under the newly opened référentiel, prefilled from the datadocké one (issue 14.7),
 * from the home page's button. Nothing to start any more (already started, not datadocké): back home with the reason.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  try {
    const { prefilled } = await startCarriedOverDossier(context.services.db, scope);
    return redirectWithToast(context, "/organisme/dossier", {
      kind: "success",
      messageKey: "carryOver.started",
      params: { count: prefilled },
    });
  } catch (error) {
    if (isDomainError(error) && error.kind === "conflict") {
      return redirectWithToast(context, "/organisme", { kind: "warning", messageKey: "carryOver.unavailable" });
    }
    throw error;
  }
}

/** A GET (typed address) changes nothing. */
export async function loader() {
  return redirect("/organisme");
}
