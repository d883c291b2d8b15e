import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { toNumber, type Database } from "~/db/client.server";
import { goalEntries, goalIndicators, goals, networks, regions } from "~/db/schema";
import { PACE_STATUS_LABELS, paceStatus, percent, type PaceStatus } from "./progress.ts";
import type { RegionSort } from "./region-sorts.ts";

export interface RegionNetworkRow {
  networkId: string;
  networkName: string;
  goalCount: number;
  /** Average of validated ÷ target over the network's goals, in %. */
  averageProgress: number;
  /** Average of validated ÷ expected-by-today, in % (100 = exactly on pace). */
  averagePace: number;
  counts: Record<PaceStatus, number>;
  /** Indicator slug → % of target validated (the heatmap's cells). */
  byIndicator: Record<string, { percent: number; pacePercent: number; status: PaceStatus; goalTitle: string }>;
}


/**
 * Every network of the region against its goals for the year. Only validated
 * totals matter here, so the database sums them (the unique source key already
 * keeps activity results from counting twice) and pace is computed per goal.
 */
export async function buildRegionOverview(db: Database, regionCode: string, year: number, today: string) {
  const [region] = await db.select().from(regions).where(eq(regions.code, regionCode));
  const regionNetworks = await db.select().from(networks).where(eq(networks.regionCode, regionCode));
  const networkIds = regionNetworks.map((n) => n.id);
  const goalRows = networkIds.length
    ? await db
        .select({
          goal: goals,
          indicatorLabel: goalIndicators.label,
          validated: sql<string | number>`coalesce(sum(${goalEntries.value}) filter (where ${goalEntries.status} = 'validated'), 0)`,
        })
        .from(goals)
        .innerJoin(goalIndicators, eq(goalIndicators.slug, goals.indicatorSlug))
        .leftJoin(goalEntries, eq(goalEntries.goalId, goals.id))
        .where(and(inArray(goals.networkId, networkIds), eq(goals.year, year)))
        .groupBy(goals.id, goalIndicators.label)
        .orderBy(asc(goals.title))
    : [];
  const indicators = new Map<string, string>();
  const rows: RegionNetworkRow[] = [];
  for (const network of regionNetworks) {
    const board = goalRows
      .filter((r) => r.goal.networkId === network.id)
      .map((r) => {
        const validated = toNumber(r.validated);
        return { goal: r.goal, indicatorLabel: r.indicatorLabel, pace: paceStatus(r.goal, validated, today), validatedPercent: percent(validated, r.goal.target) };
      });
    const counts: Record<PaceStatus, number> = { a_tiempo: 0, en_riesgo: 0, atrasada: 0 };
    const byIndicator: RegionNetworkRow["byIndicator"] = {};
    for (const g of board) {
      counts[g.pace.status] += 1;
      indicators.set(g.goal.indicatorSlug, g.indicatorLabel);
      // Two goals on the same indicator: the heatmap shows the weaker one.
      const pacePercent = Math.round(g.pace.ratio * 100);
      const current = byIndicator[g.goal.indicatorSlug];
      if (!current || pacePercent < current.pacePercent) {
        byIndicator[g.goal.indicatorSlug] = { percent: g.validatedPercent, pacePercent, status: g.pace.status, goalTitle: g.goal.title };
      }
    }
    const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : 0);
    rows.push({
      networkId: network.id,
      networkName: network.name,
      goalCount: board.length,
      averageProgress: avg(board.map((g) => g.validatedPercent)),
      averagePace: avg(board.map((g) => Math.round(g.pace.ratio * 1000) / 10)),
      counts,
      byIndicator,
    });
  }
  return {
    regionName: region?.name ?? "",
    rows,
    indicators: [...indicators.entries()].map(([slug, label]) => ({ slug, label })).sort((a, b) => a.label.localeCompare(b.label, "es")),
  };
}

export function sortRegionRows(rows: RegionNetworkRow[], sort: RegionSort, direction: "asc" | "desc"): RegionNetworkRow[] {
  const key: Record<RegionSort, (r: RegionNetworkRow) => number | string> = {
    nombre: (r) => r.networkName,
    avance: (r) => r.averageProgress,
    ritmo: (r) => r.averagePace,
    atrasadas: (r) => r.counts.atrasada,
  };
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key[sort](a);
    const y = key[sort](b);
    const cmp = typeof x === "string" ? x.localeCompare(String(y), "es") : x - (y as number);
    return cmp * sign || a.networkName.localeCompare(b.networkName, "es");
  });
}

export const statusLabel = (s: PaceStatus) => PACE_STATUS_LABELS[s];
