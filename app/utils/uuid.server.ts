import { isUuid as isUuidShaped } from "../../domain/validation/fields";
import { httpError } from "./http-errors.server";

/** A route param that must be a uuid; 404 otherwise (never a database error). */
export function requireUuid(value: string | undefined): string {
  if (!isUuidShaped(value)) throw httpError(404);
  return value;
}

/** Whether a submitted value is a uuid (checked before it reaches a query). */
export const isUuid = isUuidShaped;
