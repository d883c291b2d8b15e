import { describe, expect, it } from "vitest";
import { chileDayOf, chileLocalToInstant, instantToChileLocal, nthWeekdayOfMonth, proposeMeetings } from "~/features/activities/time";
import { calendarRange } from "~/features/activities/calendar.server";

describe("America/Santiago wall clock ↔ instants", () => {
  it("uses -03 before and -04 after the April change (first Saturday night of April 2026)", () => {
    expect(chileLocalToInstant("2026-04-04T10:00")!.toISOString()).toBe("2026-04-04T13:00:00.000Z");
    expect(chileLocalToInstant("2026-04-05T10:00")!.toISOString()).toBe("2026-04-05T14:00:00.000Z");
    // The repeated hour: 23:30 on Saturday is still summer time.
    expect(chileLocalToInstant("2026-04-04T23:30")!.toISOString()).toBe("2026-04-05T02:30:00.000Z");
  });

  it("uses -04 before and -03 after the September change (first Saturday night of September 2026)", () => {
    expect(chileLocalToInstant("2026-09-05T10:00")!.toISOString()).toBe("2026-09-05T14:00:00.000Z");
    expect(chileLocalToInstant("2026-09-06T10:00")!.toISOString()).toBe("2026-09-06T13:00:00.000Z");
  });

  it("round-trips to the same wall clock on both sides of each change", () => {
    for (const local of ["2026-04-04T10:00", "2026-04-05T10:00", "2026-09-05T18:30", "2026-09-06T09:15", "2026-12-31T23:59"]) {
      expect(instantToChileLocal(chileLocalToInstant(local)!)).toBe(local);
    }
    // 22:30 in Chile on 4 April is already 5 April in UTC: the Chilean day is what counts.
    expect(chileDayOf(chileLocalToInstant("2026-04-04T22:30")!)).toBe("2026-04-04");
  });

  it("refuses malformed wall-clock values", () => {
    expect(chileLocalToInstant("2026-13-01T10:00")).toBeNull();
    expect(chileLocalToInstant("mañana")).toBeNull();
  });
});

describe("recurring meetings", () => {
  it("finds the first Tuesday, the last Friday and a missing fifth Monday", () => {
    expect(nthWeekdayOfMonth(2026, 9, 2, 1)).toBe("2026-09-01");
    expect(nthWeekdayOfMonth(2026, 4, 5, -1)).toBe("2026-04-24");
    expect(nthWeekdayOfMonth(2026, 2, 1, 5)).toBeNull();
  });

  it("keeps 10:00 in Chile for every proposed meeting across the April and September changes", () => {
    const rule = { ordinal: 1, weekday: 2, startTime: "10:00", durationMinutes: 120 };
    const proposals = proposeMeetings(rule, "2026-03-02", 8);
    expect(proposals.map((p) => p.day)).toEqual(["2026-03-03", "2026-04-07", "2026-05-05", "2026-06-02", "2026-07-07", "2026-08-04", "2026-09-01", "2026-10-06"]);
    for (const p of proposals) expect(instantToChileLocal(p.startsAt)).toBe(`${p.day}T10:00`);
    expect(proposals[0].startsAt.toISOString()).toBe("2026-03-03T13:00:00.000Z"); // summer time, -03
    expect(proposals[1].startsAt.toISOString()).toBe("2026-04-07T14:00:00.000Z"); // winter time, -04
    expect(proposals[7].startsAt.toISOString()).toBe("2026-10-06T13:00:00.000Z"); // summer again
    expect(proposals[0].endsAt.getTime() - proposals[0].startsAt.getTime()).toBe(120 * 60_000);
  });

  it("skips this month's meeting once it has passed", () => {
    const proposals = proposeMeetings({ ordinal: 1, weekday: 2, startTime: "10:00", durationMinutes: 60 }, "2026-11-04", 2);
    expect(proposals.map((p) => p.day)).toEqual(["2026-12-01", "2027-01-05"]);
  });
});

describe("calendar ranges", () => {
  it("covers whole weeks, Monday first, from local midnight in Chile", () => {
    const month = calendarRange("mes", "2026-09-15");
    expect(month.fromDay).toBe("2026-08-31");
    expect(month.toDay).toBe("2026-10-05");
    expect(month.days.length % 7).toBe(0);
    expect(month.from.toISOString()).toBe("2026-08-31T04:00:00.000Z");
    const week = calendarRange("semana", "2026-04-08");
    expect(week.days).toEqual(["2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09", "2026-04-10", "2026-04-11", "2026-04-12"]);
  });
});
