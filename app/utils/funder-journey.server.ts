import type { AppLoadContext } from "@remix-run/node";
import { canActAsFunderSide } from "../../domain/permissions/policy";
import type { Actor } from "../../domain/permissions/actor";
import { requirePermission } from "./auth.server";
import { httpError } from "./http-errors.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route param that must be a uuid; 404 otherwise (never a database error). */
export function requireUuid(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw httpError(404);
  return value;
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** Funders and coordinators; an OF gets 403. */
export function requireFunderSide(request: Request, context: AppLoadContext): Actor {
  return requirePermission(request, context, canActAsFunderSide);
}
