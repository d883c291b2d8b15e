import { and, asc, desc, eq, gte, inArray, lte, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { activities, activityResultValues, goalEntries, goalIndicators, goals, type networks } from "~/db/schema";
import { FAIR_TYPE } from "./labels.ts";
import { openAgreements } from "./meetings.server.ts";
import { addDaysToDay, chileLocalToInstant } from "./time.ts";

/*
 * The one-page brief for a mayor briefing, generated from the network's own
 * data: its goals' progress this year, the fairs of the last twelve months
 * with their results, and the agreements still open.
 */
export async function mayorBrief(db: DbOrTx, network: typeof networks.$inferSelect, today: string) {
  const year = Number(today.slice(0, 4));
  const goalRows = await db
    .select({ id: goals.id, title: goals.title, target: goals.target, unit: goals.unit, indicator: goalIndicators.label })
    .from(goals)
    .innerJoin(goalIndicators, eq(goalIndicators.slug, goals.indicatorSlug))
    .where(and(eq(goals.networkId, network.id), eq(goals.year, year)))
    .orderBy(asc(goals.title));
  const progress = goalRows.length
    ? await db
        .select({ goalId: goalEntries.goalId, total: sql<string>`coalesce(sum(${goalEntries.value}), 0)` })
        .from(goalEntries)
        .where(and(inArray(goalEntries.goalId, goalRows.map((g) => g.id)), ne(goalEntries.status, "rejected")))
        .groupBy(goalEntries.goalId)
    : [];
  const goalsProgress = goalRows.map((g) => {
    const achieved = Number(progress.find((p) => p.goalId === g.id)?.total ?? 0);
    return { ...g, achieved, percent: g.target > 0 ? Math.round((achieved / g.target) * 100) : 0 };
  });

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
