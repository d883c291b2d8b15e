import { eq } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { networks, regions } from "~/db/schema";
import { syncActivityContributions } from "./activity-contributions.server.ts";
import { buildNetworkBoard } from "./board.server.ts";
import { PACE_STATUS_LABELS, type PaceStatus } from "./progress.ts";
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


/** Every network of the region against its goals for the year. */
export async function buildRegionOverview(db: Database, regionCode: string, year: number, today: string) {
  const [region] = await db.select().from(regions).where(eq(regions.code, regionCode));
  const regionNetworks = await db.select().from(networks).where(eq(networks.regionCode, regionCode));
  const indicators = new Map<string, string>();
  const rows: RegionNetworkRow[] = [];
  await syncActivityContributions(db, regionNetworks.map((n) => n.id));
  for (const network of regionNetworks) {
    const board = await buildNetworkBoard(db, network, year, today, { synced: true });
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
