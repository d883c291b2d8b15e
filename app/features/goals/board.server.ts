import type { Database } from "~/db/client.server";
import type { NetworkRow } from "~/features/networks/networks.server";
import { listActiveMembers, listEntries, listEntryFacts, listNetworkGoals, listShares, type GoalEntryRow, type GoalRow } from "./goals.server.ts";
import { aggregateEntries, officesProgress, paceStatus, percent, progressSeries, type EntryLike, type OfficeProgress, type PaceResult, type SeriesPoint } from "./progress.ts";

type EntryFact = EntryLike & { goalId: string };
export type FullEntry = GoalEntryRow & { organizationName: string | null };

export interface GoalSummary<E extends EntryFact = EntryFact> {
  goal: GoalRow;
  indicatorLabel: string;
  validated: number;
  pending: number;
  pace: PaceResult;
  validatedPercent: number;
  expectedPercent: number;
  offices: (OfficeProgress & { name: string })[];
  /** False when the target was not split: each office is compared with an equal part. */
  hasSplit: boolean;
  /** Progress credited to the whole network (activity results without an office). */
  networkWide: { validated: number; pending: number };
  series: { validated: SeriesPoint[]; withPending: SeriesPoint[]; expected: SeriesPoint[] };
  entries: E[];
}

/**
 * Everything the board, the print view and the regional view show for a
 * network's year. Reads only: activity results reach the entries when they are
 * saved (decision 0090). Reads only the entry columns the numbers need.
 */
export async function buildNetworkBoard(db: Database, network: NetworkRow, year: number, today: string): Promise<GoalSummary[]> {
  const rows = await listNetworkGoals(db, network.id, year);
  const ids = rows.map((r) => r.goal.id);
  const [members, shares, entries] = await Promise.all([listActiveMembers(db, network.id), listShares(db, ids), listEntryFacts(db, ids)]);
  return rows.map(({ goal, indicatorLabel }) => summarizeGoal(goal, indicatorLabel, members, shares, entries, today));
}

/** The same with every entry's notes, links and office names (exports, the goal page). */
export async function buildNetworkBoardWithEntries(db: Database, network: NetworkRow, year: number, today: string): Promise<GoalSummary<FullEntry>[]> {
  const rows = await listNetworkGoals(db, network.id, year);
  const ids = rows.map((r) => r.goal.id);
  const [members, shares, entries] = await Promise.all([listActiveMembers(db, network.id), listShares(db, ids), listEntries(db, ids)]);
  const full = entries.map((e) => ({ ...e.entry, organizationName: e.organizationName }));
  return rows.map(({ goal, indicatorLabel }) => summarizeGoal(goal, indicatorLabel, members, shares, full, today));
}

export function summarizeGoal<E extends EntryFact>(
  goal: GoalRow,
  indicatorLabel: string,
  members: { organizationId: string; name: string }[],
  allShares: { goalId: string; organizationId: string; target: number }[],
  allEntries: E[],
  today: string,
): GoalSummary<E> {
  const entries = allEntries.filter((e) => e.goalId === goal.id);
  const shares = allShares.filter((s) => s.goalId === goal.id);
  const aggregate = aggregateEntries(entries);
  const pace = paceStatus(goal, aggregate.validated, today);
  // Offices that left the network but have a share or entries still show up.
  const officeIds = [...new Set([...members.map((m) => m.organizationId), ...shares.map((s) => s.organizationId)])];
  const names = new Map(members.map((m) => [m.organizationId, m.name]));
  for (const e of entries) {
    const name = (e as Partial<FullEntry>).organizationName;
    if (e.organizationId && name) names.set(e.organizationId, name);
  }
  const offices = officesProgress(goal, officeIds, shares, aggregate, today).map((o) => ({ ...o, name: names.get(o.organizationId) ?? "OMIL que dejó la red" }));
  return {
    goal,
    indicatorLabel,
    validated: aggregate.validated,
    pending: aggregate.pending,
    pace,
    validatedPercent: percent(aggregate.validated, goal.target),
    expectedPercent: percent(pace.expected, goal.target),
    offices,
    hasSplit: shares.length > 0,
    networkWide: aggregate.byOrganization.get("") ?? { validated: 0, pending: 0 },
    series: progressSeries(goal, entries, today),
    entries,
  };
}
