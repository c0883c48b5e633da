import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  dayKeyInParis,
  formatDateTime,
  formatDays,
  formatDuration,
  formatLongDate,
  formatNumber,
  formatPercent,
  formatRelativeDay,
  formatShortTime,
  formatTimestamp,
  formatWeekOf,
  tp,
} from "../../domain/i18n/format";

const NNBSP = "\u202f";
const DAY = 86_400_000;

describe("French numbers and percentages", () => {
  it("groups thousands with a narrow no-break space and uses a decimal comma", () => {
    expect(formatNumber(12345.56)).toBe(`12${NNBSP}345,6`);
    expect(formatNumber(3)).toBe("3");
    expect(formatNumber(0.125, 3)).toBe("0,125");
  });

  it("shows a ratio as a percentage", () => {
    expect(formatPercent(0.125)).toBe(`12,5${NNBSP}%`);
    expect(formatPercent(0)).toBe(`0${NNBSP}%`);
    expect(formatPercent(1)).toBe(`100${NNBSP}%`);
  });
});

describe("French plurals", () => {
  it("uses the singular for 0 and 1, the plural from 2", () => {
    expect(tp("format.duration.days", 0)).toBe("0 jour");
    expect(tp("format.duration.days", 1)).toBe("1 jour");
    expect(tp("format.duration.days", 3)).toBe("3 jours");
    expect(tp("notifications.unreadCount", 1)).toBe("1 non lue");
    expect(tp("notifications.unreadCount", 2)).toBe("2 non lues");
    expect(tp("notifications.unreadCount", 1500)).toBe(`1${NNBSP}500 non lues`);
  });
});

describe("French weeks and durations", () => {
  it("names a week by its first day", () => {
    expect(formatWeekOf("2026-11-30")).toBe("Semaine du 30 novembre 2026");
    expect(formatWeekOf("2026-06-01")).toBe("Semaine du 1er juin 2026");
  });

  it("says durations in words", () => {
    expect(formatDuration(0)).toBe("moins d'un jour");
    expect(formatDuration(DAY - 1)).toBe("moins d'un jour");
    expect(formatDuration(DAY)).toBe("1 jour");
    expect(formatDuration(3 * DAY + 5000)).toBe("3 jours");
    expect(formatDuration(13 * DAY)).toBe("13 jours");
    expect(formatDuration(14 * DAY)).toBe("2 semaines");
    expect(formatDuration(-5)).toBe("moins d'un jour");
    expect(formatDays(0)).toBe("moins d'un jour");
    expect(formatDays(2.6)).toBe("2 jours");
    expect(formatDays(21)).toBe("3 semaines");
  });
});

describe("Paris time, across daylight saving and on every machine", () => {
  it("follows the change of hour (UTC+2 in summer, UTC+1 in winter)", () => {
    // The last Sunday of October 2026 (25th): 00:30 UTC is 02:30 summer time, 01:30 UTC is 02:30 winter time.
    expect(formatShortTime("2026-10-25T00:30:00Z")).toBe("02:30");
    expect(formatShortTime("2026-10-25T01:30:00Z")).toBe("02:30");
    // The last Sunday of March 2026 (29th): 00:59 UTC is 01:59, 01:00 UTC is 03:00.
    expect(formatShortTime("2026-03-29T00:59:00Z")).toBe("01:59");
    expect(formatShortTime("2026-03-29T01:00:00Z")).toBe("03:00");
  });

  it("shows one instant the same in the mailbox and in the notifications (22:43 UTC is 23:43 in Paris in winter)", () => {
    // The mailbox showed the server's UTC time (toLocaleString without a time zone) and the notifications
    // Paris time: both now go through this module.
    const sentAt = "2026-11-30T22:43:10.000Z";
    expect(formatTimestamp(sentAt)).toBe("30/11/2026 23:43:10");
    expect(formatDateTime(sentAt)).toBe("30/11/2026 23:43");
  });

  it("groups days in Paris: Aujourd'hui, Hier, then the date", () => {
    const now = new Date("2026-11-30T23:30:00Z"); // 1 December, 00:30 in Paris
    expect(dayKeyInParis(now)).toBe("2026-12-01");
    expect(formatRelativeDay("2026-11-30T23:10:00Z", now)).toBe("Aujourd'hui");
    expect(formatRelativeDay("2026-11-30T22:50:00Z", now)).toBe("Hier");
    expect(formatRelativeDay("2026-11-29T12:00:00Z", now)).toBe(formatLongDate("2026-11-29"));
    expect(formatLongDate("2026-11-29")).toBe("29 novembre 2026");
  });
});

/** Dates, numbers and percentages reach users through domain/i18n/format.ts only. */
describe("one formatting module", () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  it("no toLocale*String, toFixed or unzoned date formatting outside it in app/ and domain/", () => {
    const files = execFileSync("git", ["ls-files", "app", "domain"], { cwd: root, encoding: "utf8" })
      .split("\n")
      // CSV exports are machine data (ISO dates, dot decimals), not text for people.
      .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes("[.]csv") && f !== "domain/i18n/format.ts");
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      // toLocaleLowerCase is a string operation, not formatting.
      if (/\.toLocale(Date|Time)?String\(|\.toFixed\(|new Intl\.(NumberFormat|DateTimeFormat)/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
