import type { AppLoadContext } from "@remix-run/node";
import { isDomainError } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { isUuid as isUuidShaped } from "../../domain/validation/fields";
import { canActAsFunderSide } from "../../domain/permissions/policy";
import type { Actor } from "../../domain/permissions/actor";
import { requirePermission } from "./auth.server";
import { httpError, toHttpError } from "./http-errors.server";

/** A route param that must be a uuid; 404 otherwise (never a database error). */
export function requireUuid(value: string | undefined): string {
  if (!isUuidShaped(value)) throw httpError(404);
  return value;
}

export const isUuid = isUuidShaped;

/** Funders and coordinators; an OF gets 403. */
export function requireFunderSide(request: Request, context: AppLoadContext): Actor {
  return requirePermission(request, context, canActAsFunderSide);
}

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
