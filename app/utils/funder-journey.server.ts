import type { AppLoadContext } from "@remix-run/node";
import { isUuid as isUuidShaped } from "../../domain/validation/fields";
import { canActAsFunderSide } from "../../domain/permissions/policy";
import type { Actor } from "../../domain/permissions/actor";
import { requirePermission } from "./auth.server";
import { httpError } from "./http-errors.server";

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
