import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatLongDate, formatLongDateTime, formatTime, formatTimestamp } from "../../domain/i18n/format";

/** French dates in Paris time, whatever the machine's time zone (the test machine runs in UTC or elsewhere). */
describe("French date formatting", () => {
  // 22:30 UTC on 1 July is 00:30 on 2 July in Paris (summer time, UTC+2).
  const lateEvening = "2026-07-01T22:30:15Z";

  it("shows instants in Paris time", () => {
    expect(formatDate(lateEvening)).toBe("02/07/2026");
    expect(formatDateTime(lateEvening)).toBe("02/07/2026 00:30");
    expect(formatTimestamp(new Date(lateEvening))).toBe("02/07/2026 00:30:15");
    expect(formatTime(lateEvening)).toBe("00:30:15");
    expect(formatLongDate(lateEvening)).toBe("2 juillet 2026");
    expect(formatLongDateTime(new Date(lateEvening))).toBe("2 juillet 2026 à 00:30");
  });

  it("keeps a calendar day on its day", () => {
    expect(formatDate("2026-11-30")).toBe("30/11/2026");
    expect(formatDate("2026-01-01")).toBe("01/01/2026");
  });

  it("shows a missing value as a dash", () => {
    for (const format of [formatDate, formatDateTime, formatTimestamp, formatTime, formatLongDate, formatLongDateTime]) {
      expect(format(null)).toBe("—");
      expect(format("")).toBe("—");
      expect(format(undefined)).toBe("—");
    }
  });
});
