import { describe, expect, it } from "vitest";
import { chartScale } from "~/features/goals/goal-chart";

describe("the goal chart's vertical scale", () => {
  it("keeps a pending total above the target inside the axis (200 % of a target of 4)", () => {
    const { max, ticks } = chartScale([4, 8, 3, 4]);
    expect(max).toBeGreaterThanOrEqual(8);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(max);
  });

  it("uses round steps: 181 of 180 gives 0, 50, 100, 150, 200", () => {
    expect(chartScale([180, 181, 153])).toEqual({ max: 200, ticks: [0, 50, 100, 150, 200] });
  });

  it("has a scale even without progress", () => {
    expect(chartScale([0, 0])).toEqual({ max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] });
  });
});
