import { describe, expect, it } from "vitest";
import { formatInstant } from "~/utils/instant";

describe("formatInstant", () => {
  it("shows the instant in Chile's time, on a 24-hour clock (no 'p. m.' before a sentence's period)", () => {
    // 2026-12-07 02:50 UTC is 23:50 of the 6th in Santiago (summer time, UTC−3).
    expect(formatInstant("2026-12-07T02:50:00Z")).toBe("6 de diciembre de 2026 a las 23:50");
    // Winter time (UTC−4).
    expect(formatInstant(Date.UTC(2026, 6, 1, 13, 5))).toBe("1 de julio de 2026 a las 09:05");
  });
});
