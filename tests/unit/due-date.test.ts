import { describe, expect, it } from "vitest";
import { addCalendarDays, dueDay, dueStateOn, isWorkingDay } from "../../domain/delays/due-date";

/** Due days (decision record 045): working days skip weekends and French public holidays; late from the day after. */
describe("due days", () => {
  it("count working days past weekends and French public holidays, or calendar days", () => {
    // Tuesday 22 December 2026: Christmas (Friday) and the weekend are not working days.
    expect(dueDay("2026-12-22", { days: 5, workingDays: true })).toBe("2026-12-30");
    expect(dueDay("2026-12-22", { days: 10, workingDays: false })).toBe("2027-01-01");
    // Easter Monday 2027 (29 March), Ascension (Thursday 6 May), Whit Monday (17 May).
    expect(dueDay("2027-03-26", { days: 1, workingDays: true })).toBe("2027-03-30");
    expect(dueDay("2027-05-05", { days: 1, workingDays: true })).toBe("2027-05-07");
    expect(isWorkingDay("2027-05-17")).toBe(false);
    // Good Friday is a holiday in Alsace-Moselle only: a working day here.
    expect(isWorkingDay("2027-03-26")).toBe(true);
    // A start on a Saturday counts from the Monday.
    expect(dueDay("2026-12-05", { days: 1, workingDays: true })).toBe("2026-12-07");
  });

  it("say late after the due day, due soon within two days", () => {
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(dueStateOn("2026-12-09", "2026-12-10")).toBe("late");
    expect(dueStateOn("2026-12-10", "2026-12-10")).toBe("soon");
    expect(dueStateOn("2026-12-12", "2026-12-10")).toBe("soon");
    expect(dueStateOn("2026-12-13", "2026-12-10")).toBe("on_time");
  });
});
