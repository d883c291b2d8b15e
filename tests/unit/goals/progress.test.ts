import { describe, expect, it } from "vitest";
import {
  aggregateEntries,
  checkMonthlyPlan,
  checkSplit,
  daysInclusive,
  expectedByDate,
  officesProgress,
  paceStatus,
  progressSeries,
  splitTarget,
  type EntryLike,
} from "~/features/goals/progress";

let n = 0;
const entry = (over: Partial<EntryLike>): EntryLike => ({ id: `e${++n}`, organizationId: "a", value: 1, occurredOn: "2026-03-01", status: "validated", sourceKey: null, ...over });
const yearGoal = { target: 365, periodStart: "2026-01-01", periodEnd: "2026-12-31" };

describe("aggregateEntries", () => {
  it("keeps validated and pending apart and ignores rejected entries", () => {
    const agg = aggregateEntries([
      entry({ value: 10 }),
      entry({ value: 5, status: "pending" }),
      entry({ value: 7, status: "rejected" }),
      entry({ value: 3, organizationId: "b", status: "pending" }),
    ]);
    expect(agg.validated).toBe(10);
    expect(agg.pending).toBe(8);
    expect(agg.byOrganization.get("a")).toEqual({ validated: 10, pending: 5 });
    expect(agg.byOrganization.get("b")).toEqual({ validated: 0, pending: 3 });
  });

  it("never counts an activity-derived result twice (same source key, or the same row twice)", () => {
    const first = entry({ id: "x", value: 12, sourceKey: "activity:1:a" });
    const duplicate = entry({ id: "y", value: 12, sourceKey: "activity:1:a" });
    expect(aggregateEntries([first, duplicate]).validated).toBe(12);
    expect(aggregateEntries([first, first]).validated).toBe(12);
    // Same activity, another office: a different contribution.
    expect(aggregateEntries([first, entry({ value: 4, sourceKey: "activity:1:b", organizationId: "b" })]).validated).toBe(16);
  });

  it("follows edits and deletions: the current list is the truth", () => {
    const entries = [entry({ id: "k", value: 10 }), entry({ id: "m", value: 4, status: "pending" })];
    expect(aggregateEntries(entries).validated).toBe(10);
    const edited = entries.map((e) => (e.id === "k" ? { ...e, value: 6 } : e));
    expect(aggregateEntries(edited).validated).toBe(6);
    const deleted = edited.filter((e) => e.id !== "m");
    expect(aggregateEntries(deleted).pending).toBe(0);
    // An edited activity result keeps its key: the newest version counts, once.
    const revised = [entry({ id: "p", value: 10, sourceKey: "activity:9:a" }), entry({ id: "q", value: 14, sourceKey: "activity:9:a", status: "pending" })];
    expect(aggregateEntries(revised)).toMatchObject({ validated: 0, pending: 14 });
  });

  it("adds decimals without floating point drift and credits network-wide results to ''", () => {
    const agg = aggregateEntries([entry({ value: 0.1 }), entry({ value: 0.2 }), entry({ value: 5, organizationId: null })]);
    expect(agg.validated).toBe(5.3);
    expect(agg.byOrganization.get("")).toEqual({ validated: 5, pending: 0 });
  });
});

describe("expectedByDate (linear)", () => {
  it("is zero before the period and the whole target on and after the last day", () => {
    expect(expectedByDate(yearGoal, "2025-12-31")).toBe(0);
    expect(expectedByDate(yearGoal, "2026-12-31")).toBe(365);
    expect(expectedByDate(yearGoal, "2027-02-01")).toBe(365);
  });

  it("counts the first day as one elapsed day", () => {
    expect(expectedByDate(yearGoal, "2026-01-01")).toBe(1);
    expect(expectedByDate(yearGoal, "2026-07-02")).toBe(183);
  });

  it("handles leap years (366 days) and February 29", () => {
    const leap = { target: 366, periodStart: "2028-01-01", periodEnd: "2028-12-31" };
    expect(daysInclusive(leap.periodStart, leap.periodEnd)).toBe(366);
    expect(expectedByDate(leap, "2028-02-29")).toBe(60);
    expect(expectedByDate(leap, "2028-03-01")).toBe(61);
    expect(expectedByDate(leap, "2028-12-30")).toBe(365);
  });

  it("works for a one-day period", () => {
    const oneDay = { target: 10, periodStart: "2026-05-05", periodEnd: "2026-05-05" };
    expect(expectedByDate(oneDay, "2026-05-04")).toBe(0);
    expect(expectedByDate(oneDay, "2026-05-05")).toBe(10);
  });
});

describe("expectedByDate (monthly plan)", () => {
  const planned = {
    target: 100,
    periodStart: "2026-03-01",
    periodEnd: "2026-05-31",
    monthlyPlan: [
      { month: "2026-03", value: 10 },
      { month: "2026-04", value: 30 },
      { month: "2026-05", value: 60 },
    ],
  };
  it("adds complete months and the elapsed part of the current one", () => {
    expect(expectedByDate(planned, "2026-02-28")).toBe(0);
    expect(expectedByDate(planned, "2026-03-31")).toBe(10);
    expect(expectedByDate(planned, "2026-04-15")).toBe(25);
    expect(expectedByDate(planned, "2026-05-31")).toBe(100);
  });

  it("prorates a month cut by the period's start", () => {
    const midMonth = { target: 20, periodStart: "2026-03-17", periodEnd: "2026-04-30", monthlyPlan: [{ month: "2026-03", value: 15 }, { month: "2026-04", value: 5 }] };
    expect(expectedByDate(midMonth, "2026-03-17")).toBe(1);
    expect(expectedByDate(midMonth, "2026-03-31")).toBe(15);
  });

  it("validates plans: inside the period, not negative, summing to the target", () => {
    expect(checkMonthlyPlan(planned, planned.monthlyPlan)).toBeNull();
    expect(checkMonthlyPlan(planned, [{ month: "2026-02", value: 100 }])).toMatch(/fuera del período/);
    expect(checkMonthlyPlan(planned, [{ month: "2026-03", value: 99 }])).toMatch(/debe sumar la meta/);
    expect(checkMonthlyPlan(planned, [{ month: "2026-03", value: -1 }])).toMatch(/mayores o iguales a cero/);
  });
});

describe("paceStatus", () => {
  it("applies the 90 % / 70 % thresholds to validated progress", () => {
    // 2026-07-02: 183 expected.
    expect(paceStatus(yearGoal, 183, "2026-07-02").status).toBe("a_tiempo");
    expect(paceStatus(yearGoal, 165, "2026-07-02").status).toBe("a_tiempo"); // 90.2 %
    expect(paceStatus(yearGoal, 164, "2026-07-02").status).toBe("en_riesgo"); // 89.6 %
    expect(paceStatus(yearGoal, 129, "2026-07-02").status).toBe("en_riesgo"); // 70.5 %
    expect(paceStatus(yearGoal, 128, "2026-07-02").status).toBe("atrasada"); // 69.9 %
  });

  it("is on time before the period starts and on its first day with nothing yet", () => {
    expect(paceStatus(yearGoal, 0, "2025-12-15")).toMatchObject({ status: "a_tiempo", expected: 0 });
    expect(paceStatus(yearGoal, 0, "2026-01-01").status).toBe("atrasada");
    expect(paceStatus(yearGoal, 1, "2026-01-01").status).toBe("a_tiempo");
  });

  it("after the end, a goal not reached is late and a reached one is on time", () => {
    expect(paceStatus(yearGoal, 364, "2027-01-10").status).toBe("atrasada");
    expect(paceStatus(yearGoal, 365, "2027-01-10").status).toBe("a_tiempo");
    expect(paceStatus(yearGoal, 340, "2026-12-31").status).toBe("a_tiempo");
  });

  it("reaching the target early is on time", () => {
    expect(paceStatus({ ...yearGoal, target: 10 }, 10, "2026-02-01").status).toBe("a_tiempo");
  });
});

describe("splitTarget", () => {
  const offices = [
    { organizationId: "a", category: "avanzada" as const },
    { organizationId: "b", category: "basica" as const },
    { organizationId: "c", category: "intermedia" as const },
  ];
  const sum = (xs: { target: number }[]) => Math.round(xs.reduce((s, x) => s + x.target * 100, 0)) / 100;

  it("splits equally in whole units that add up to the target", () => {
    const shares = splitTarget(100, offices);
    expect(shares.map((s) => s.target)).toEqual([34, 33, 33]);
    expect(sum(shares)).toBe(100);
  });

  it("weights by category", () => {
    const shares = splitTarget(120, offices, { avanzada: 3, intermedia: 2, basica: 1 });
    expect(shares).toEqual([
      { organizationId: "a", target: 60 },
      { organizationId: "b", target: 20 },
      { organizationId: "c", target: 40 },
    ]);
  });

  it("always sums exactly, for awkward targets and decimals", () => {
    for (const target of [1, 2, 7, 99, 1001, 12.5, 0.07, 333.33]) {
      for (const weights of [{}, { avanzada: 2.5, basica: 0.5 }, { avanzada: 0, basica: 0, intermedia: 0 }]) {
        expect(sum(splitTarget(target, offices, weights))).toBe(target);
      }
    }
  });

  it("checkSplit refuses parts that do not add up, with the amounts in Spanish format", () => {
    expect(checkSplit(100, [{ organizationId: "a", target: 60 }, { organizationId: "b", target: 40 }])).toBeNull();
    expect(checkSplit(1000, [{ organizationId: "a", target: 600 }, { organizationId: "b", target: 300 }])).toBe(
      "La suma de las partes por OMIL (900) debe ser igual a la meta (1.000).",
    );
    expect(checkSplit(10, [{ organizationId: "a", target: -1 }, { organizationId: "b", target: 11 }])).toMatch(/mayor o igual a cero/);
  });
});

describe("officesProgress", () => {
  it("marks offices behind their share of what is expected today", () => {
    const goal = { target: 100, periodStart: "2026-01-01", periodEnd: "2026-01-10" };
    const agg = aggregateEntries([entry({ organizationId: "a", value: 30, occurredOn: "2026-01-02" }), entry({ organizationId: "b", value: 5 }), entry({ organizationId: "b", value: 50, status: "pending" })]);
    const rows = officesProgress(goal, ["a", "b"], [{ organizationId: "a", target: 60 }, { organizationId: "b", target: 40 }], agg, "2026-01-05");
    expect(rows).toEqual([
      { organizationId: "a", share: 60, expected: 30, validated: 30, pending: 0, behind: false },
      { organizationId: "b", share: 40, expected: 20, validated: 5, pending: 50, behind: true },
    ]);
  });

  it("without a split, each office is measured against an equal part", () => {
    const goal = { target: 90, periodStart: "2026-01-01", periodEnd: "2026-01-03" };
    const rows = officesProgress(goal, ["a", "b", "c"], [], aggregateEntries([]), "2026-01-03");
    expect(rows.map((r) => r.share)).toEqual([30, 30, 30]);
    expect(rows.every((r) => r.behind)).toBe(true);
  });
});

describe("progressSeries", () => {
  it("accumulates by day inside the period, up to today, validated and with pending", () => {
    const goal = { target: 10, periodStart: "2026-01-01", periodEnd: "2026-12-31" };
    const series = progressSeries(
      goal,
      [
        entry({ value: 2, occurredOn: "2026-02-01" }),
        entry({ value: 3, occurredOn: "2026-02-01", status: "pending" }),
        entry({ value: 4, occurredOn: "2026-03-01" }),
        entry({ value: 9, occurredOn: "2026-03-01", status: "rejected" }),
        entry({ value: 1, occurredOn: "2026-08-01" }),
      ],
      "2026-06-30",
    );
    expect(series.validated).toEqual([
      { day: "2026-01-01", value: 0 },
      { day: "2026-02-01", value: 2 },
      { day: "2026-03-01", value: 6 },
      { day: "2026-06-30", value: 6 },
    ]);
    expect(series.withPending.at(-1)).toEqual({ day: "2026-06-30", value: 9 });
    expect(series.expected).toEqual([
      { day: "2026-01-01", value: 0 },
      { day: "2026-12-31", value: 10 },
    ]);
  });
});
