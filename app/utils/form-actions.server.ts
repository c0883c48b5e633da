import { data } from "@remix-run/node";
import { isDomainError } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { statusOfDomainError, toHttpError } from "./http-errors.server";

/**
 * The two older form-action helpers (funder pages: `formAction`/`field`; OF pages:
 * `actionFailure`/`text`), kept together until every form moves to conform (form-errors.server.ts).
 */

export interface ActionReply {
  ok: boolean;
  messageKey?: string;
  fieldErrors?: Record<string, string[]>;
  [extra: string]: unknown;
}

/**
 * Runs a domain action for a form: validation and conflict errors come back as a reply the page
 * shows next to the form; other domain errors become HTTP errors.
 */
export async function formAction<T>(run: () => Promise<T>, onOk: (value: T) => ActionReply): Promise<ActionReply> {
  try {
    return onOk(await run());
  } catch (thrown) {
    const error = asDomainError(thrown);
    if (isDomainError(error) && (error.kind === "validation" || error.kind === "conflict")) {
      return { ok: false, messageKey: error.messageKey, fieldErrors: error.fieldErrors };
    }
    return toHttpError(error);
  }
}

export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
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
    const failure: ActionFailure = {
      ok: false,
      intent,
      messageKey: error.messageKey,
      params: error.params,
      fieldErrors: error.fieldErrors,
    };
    return data(failure, { status: statusOfDomainError(error.kind) });
  }
  return toHttpError(error);
}

export const text = field;
