import type { Database } from "~/db/client.server";
import type { NetworkRow } from "~/features/networks/networks.server";
import { syncActivityContributions } from "./activity-contributions.server.ts";
import { listActiveMembers, listEntries, listNetworkGoals, listShares, type GoalEntryRow, type GoalRow } from "./goals.server.ts";
import { aggregateEntries, officesProgress, paceStatus, percent, progressSeries, type OfficeProgress, type PaceResult, type SeriesPoint } from "./progress.ts";

export interface GoalSummary {
  goal: GoalRow;
  indicatorLabel: string;
  validated: number;
  pending: number;
  pace: PaceResult;
  validatedPercent: number;
  expectedPercent: number;
  offices: (OfficeProgress & { name: string })[];
  /** Progress credited to the whole network (activity results without an office). */
  networkWide: { validated: number; pending: number };
  series: { validated: SeriesPoint[]; withPending: SeriesPoint[]; expected: SeriesPoint[] };
  entries: (GoalEntryRow & { organizationName: string | null })[];
}

/**
 * Everything the board, the print view and the exports show for a network's
 * year: pulls activity results in first, so derived entries are current.
 */
export async function buildNetworkBoard(db: Database, network: NetworkRow, year: number, today: string): Promise<GoalSummary[]> {
  await syncActivityContributions(db, network.id);
  const rows = await listNetworkGoals(db, network.id, year);
  const ids = rows.map((r) => r.goal.id);
  const [members, shares, entries] = await Promise.all([listActiveMembers(db, network.id), listShares(db, ids), listEntries(db, ids)]);
  return rows.map(({ goal, indicatorLabel }) => summarizeGoal(goal, indicatorLabel, members, shares, entries, today));
}

export function summarizeGoal(
  goal: GoalRow,
  indicatorLabel: string,
  members: { organizationId: string; name: string }[],
  allShares: { goalId: string; organizationId: string; target: number }[],
  allEntries: { entry: GoalEntryRow; organizationName: string | null }[],
  today: string,
): GoalSummary {
  const entries = allEntries.filter((e) => e.entry.goalId === goal.id).map((e) => ({ ...e.entry, organizationName: e.organizationName }));
  const shares = allShares.filter((s) => s.goalId === goal.id);
  const aggregate = aggregateEntries(entries);
  const pace = paceStatus(goal, aggregate.validated, today);
  // Offices that left the network but have a share or entries still show up.
  const officeIds = [...new Set([...members.map((m) => m.organizationId), ...shares.map((s) => s.organizationId)])];
  const names = new Map(members.map((m) => [m.organizationId, m.name]));
  for (const e of entries) if (e.organizationId && e.organizationName) names.set(e.organizationId, e.organizationName);
  const offices = officesProgress(goal, officeIds, shares, aggregate, today).map((o) => ({ ...o, name: names.get(o.organizationId) ?? "OMIL" }));
  return {
    goal,
    indicatorLabel,
    validated: aggregate.validated,
    pending: aggregate.pending,
    pace,
    validatedPercent: percent(aggregate.validated, goal.target),
    expectedPercent: percent(pace.expected, goal.target),
    offices,
    networkWide: aggregate.byOrganization.get("") ?? { validated: 0, pending: 0 },
    series: progressSeries(goal, entries, today),
    entries,
  };
}
