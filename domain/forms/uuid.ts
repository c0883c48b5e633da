const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID-shaped string (any version): never sent to SQL otherwise. */
export function isUuidShaped(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
