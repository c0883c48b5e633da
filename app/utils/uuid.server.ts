import { httpError } from "./http-errors.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route param that must be a uuid; 404 otherwise (never a database error). */
export function requireUuid(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw httpError(404);
  return value;
}

/** Whether a submitted value is a uuid (checked before it reaches a query). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
