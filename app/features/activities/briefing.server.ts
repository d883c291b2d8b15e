import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { activities, activityResultValues, type networks } from "~/db/schema";
import { buildNetworkBoard } from "~/features/goals/board.server";
import { FAIR_TYPE } from "./labels.ts";
import { openAgreements } from "./meetings.server.ts";
import { addDaysToDay, chileLocalToInstant } from "./time.ts";

/*
 * The one-page brief for a mayor briefing, generated from the network's own
 * data: its goals' validated progress this year (pending apart, as on the board), the fairs of the last twelve months
 * with their results, and the agreements still open.
 */
export async function mayorBrief(db: Database, network: typeof networks.$inferSelect, today: string) {
  const year = Number(today.slice(0, 4));
  // The board's own figures (goals/board.server.ts): validated counts, pending is shown apart.
  const board = await buildNetworkBoard(db, network, year, today);
  const goalsProgress = board
    .map((g) => ({ id: g.goal.id, title: g.goal.title, target: g.goal.target, unit: g.goal.unit, indicator: g.indicatorLabel, validated: g.validated, pending: g.pending, validatedPercent: g.validatedPercent }))
    .sort((a, b) => a.title.localeCompare(b.title, "es"));

  const since = chileLocalToInstant(`${addDaysToDay(today, -365)}T00:00`)!;
  const fairs = await db
    .select({ id: activities.id, title: activities.title, startsAt: activities.startsAt })
    .from(activities)
    .where(and(eq(activities.networkId, network.id), eq(activities.typeSlug, FAIR_TYPE), eq(activities.status, "realizada"), gte(activities.startsAt, since)))
    .orderBy(desc(activities.startsAt))
    .limit(5);
  const values = fairs.length
    ? await db
        .select({ activityId: activityResultValues.activityId, indicator: activityResultValues.indicator, total: sql<string>`sum(${activityResultValues.value})` })
        .from(activityResultValues)
        .where(inArray(activityResultValues.activityId, fairs.map((f) => f.id)))
        .groupBy(activityResultValues.activityId, activityResultValues.indicator)
    : [];
  const recentFairs = fairs.map((f) => {
    const of = (indicator: string) => Number(values.find((v) => v.activityId === f.id && v.indicator === indicator)?.total ?? 0);
    return { ...f, attendees: of("personas-atendidas"), companies: of("contactos-empresas"), hired: of("colocados") };
  });

  const open = await openAgreements(db, [network.id]);
  const upcoming = await db
    .select({ id: activities.id, title: activities.title, startsAt: activities.startsAt })
    .from(activities)
    .where(and(eq(activities.networkId, network.id), inArray(activities.status, ["programada", "reprogramada"]), gte(activities.startsAt, new Date()), lte(activities.startsAt, chileLocalToInstant(`${addDaysToDay(today, 120)}T00:00`)!)))
    .orderBy(asc(activities.startsAt))
    .limit(5);
  return { goals: goalsProgress, recentFairs, openAgreements: open, upcoming };
}
export type MayorBrief = Awaited<ReturnType<typeof mayorBrief>>;
