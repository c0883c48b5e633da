import { describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { asDomainError, isDataException } from "../../domain/validation/data-exception";
import { isDomainError } from "../../domain/errors";

describe("data exceptions from the database become validation errors", () => {
  it("NUL, out-of-range dates, non-UUIDs and overflows (SQLSTATE class 22) are recognised; other errors are not", async () => {
    const db = new PGlite();
    const failures = [
      ["select $1::text", "a\u0000b"],
      ["select $1::date", "0000-01-01"],
      ["select $1::date", "2026-02-30"],
      ["select $1::uuid", "-".repeat(36)],
      ["select $1::int", "99999999999999999999"],
      ["select $1::bigint", "Infinity"],
    ] as const;
    for (const [query, value] of failures) {
      const error = await db.query(query, [value]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDataException(error), `${query} ${JSON.stringify(value)}`).toBe(true);
      const mapped = asDomainError(error);
      expect(isDomainError(mapped) && mapped.kind === "validation" && mapped.messageKey).toBe("validation.input.invalid");
      // Wrapped by a driver or pool: still found through `cause`.
      expect(isDataException(new Error("wrapped", { cause: error }))).toBe(true);
    }
    const notData = await db.query("select * from no_such_table").then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDataException(notData)).toBe(false);
    expect(asDomainError(notData)).toBe(notData);
    await db.close();
  });
});
