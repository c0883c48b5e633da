import { describe, expect, it } from "vitest";
import {
  boundedInt,
  calendarDate,
  hasForbiddenCharacters,
  isCalendarDate,
  isoDateTime,
  pageNumber,
  requireSearchParam,
  safeText,
  uuidField,
} from "../../domain/validation/fields";
import { isDomainError } from "../../domain/errors";
import { hasMessage } from "../../domain/i18n/translate";

describe("validation building blocks", () => {
  it("text: NUL, control characters and lone surrogates are refused; newline and tab are kept", () => {
    for (const bad of ["a\u0000b", "\u0001", "\u001b[31m", "\u007f", "\u0085", "x\ud800", "\udc00y"])
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["ligne 1\nligne 2\r\n\tfin", "é à ç œ — « »", "emoji 😀"]) expect(hasForbiddenCharacters(good)).toBe(false);
    expect(safeText(10).safeParse("  a\u0000  ").error?.issues[0]?.message).toBe("validation.text.controlCharacters");
    expect(safeText(3).safeParse("abcd").error?.issues[0]?.message).toBe("errors.tooLong");
    expect(safeText(10).parse("  ok  ")).toBe("ok");
  });

  it("dates: real calendar days between 1900 and 2999 only", () => {
    for (const bad of [
      "0000-01-01",
      "10000-01-01",
      "2026-02-30",
      "2025-02-29",
      "1899-12-31",
      "3000-01-01",
      "2026-13-01",
      "2026-1-1",
      "demain",
      "",
    ]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
    for (const good of ["2024-02-29", "1900-01-01", "2999-12-31", "2026-06-15"]) expect(isCalendarDate(good), good).toBe(true);
    expect(calendarDate.safeParse("2026-02-30").error?.issues[0]?.message).toBe("validation.date.invalid");
    expect(isoDateTime.safeParse("0000-01-01").success).toBe(false);
    expect(isoDateTime.safeParse("2026-01-01T10:00:00Z").data).toEqual(new Date("2026-01-01T10:00:00Z"));
    expect(isoDateTime.safeParse("2026-01-01T99:00:00Z").success).toBe(false);
  });

  it("ids and numbers: UUIDs only; pages 1…100 000 given as digits", () => {
    expect(uuidField.safeParse("-".repeat(36)).success).toBe(false);
    expect(uuidField.safeParse("abc").success).toBe(false);
    expect(uuidField.safeParse("0b6f3c52-4d8e-4e6f-9a1b-2c3d4e5f6a7b").success).toBe(true);
    for (const bad of ["1e20", "Infinity", "99999999999999999999", "-1", "0", "1.5", " ", "0x10", "100001"])
      expect(pageNumber.safeParse(bad).success, bad).toBe(false);
    expect(pageNumber.parse("42")).toBe(42);
    expect(boundedInt(1, 500).safeParse("501").success).toBe(false);
  });

  it("a bad search parameter is a validation error naming it; absent gives the fallback", () => {
    expect(requireSearchParam(pageNumber, "page", null, 1)).toBe(1);
    expect(requireSearchParam(pageNumber, "page", "3", 1)).toBe(3);
    let thrown: unknown;
    try {
      requireSearchParam(calendarDate, "du", "0000-01-01", null);
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown) && thrown.kind === "validation" && thrown.fieldErrors).toEqual({ du: ["validation.date.invalid"] });
  });

  it("every message key has a French message", () => {
    for (const key of [
      "validation.input.invalid",
      "validation.text.controlCharacters",
      "validation.id.invalid",
      "validation.date.invalid",
      "validation.page.invalid",
      "validation.tooLarge",
      "validation.uriTooLong",
      "validation.url.invalid",
      "validation.lengthRequired",
    ]) {
      expect(hasMessage(key), key).toBe(true);
    }
  });
});
