import { data, type AppLoadContext } from "@remix-run/node";
import { isDomainError } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { ofScopeOf, type OfScope } from "../../domain/dossiers/of-scope";
import { requireActor } from "./auth.server";
import { httpError, statusOfDomainError, toHttpError } from "./http-errors.server";

/** The OF the logged-in user works for; 403 for funder/coordination accounts. */
export function requireOfScope(request: Request, context: AppLoadContext): OfScope {
  const actor = requireActor(request, context);
  try {
    return ofScopeOf(actor);
  } catch {
    throw httpError(403);
  }
}

export interface ActionFailure {
  ok: false;
  intent: string;
  messageKey: string;
  params: Record<string, string | number>;
  fieldErrors: Record<string, string[]>;
}

/** A domain refusal as action data (shown in the form); anything else goes to the error boundary. */
export function actionFailure(thrown: unknown, intent: string) {
  const error = asDomainError(thrown);
  if (isDomainError(error) && (error.kind === "validation" || error.kind === "conflict")) {
    const failure: ActionFailure = { ok: false, intent, messageKey: error.messageKey, params: error.params, fieldErrors: error.fieldErrors };
    return data(failure, { status: statusOfDomainError(error.kind) });
  }
  return toHttpError(error);
}

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
