import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { activities, activityResultValues, goalEntries, goals } from "~/db/schema";

/*
 * Results of realized activities count towards the network's goals with the
 * same indicator, automatically and once. The activities feature replaces its
 * result rows on every save, so entries are keyed by (goal, activity, office)
 * — `sourceKey` — and reconciled: new results add a pending entry, a changed
 * value updates it (and sends it back to validation), removed results or an
 * activity that is no longer "realizada" delete it.
 */

export const activitySourceKey = (activityId: string, organizationId: string | null) => `activity:${activityId}:${organizationId ?? "red"}`;

interface Desired {
  goalId: string;
  activityId: string;
  organizationId: string | null;
  value: number;
  occurredOn: string;
  networkId: string;
}

/**
 * Reconciles the activity-derived entries of one network, or of several at once
 * (the regional view: three queries instead of three per network). Returns what changed.
 */
export async function syncActivityContributions(db: Database, networkIdOrIds: string | string[]) {
  const networkIds = Array.isArray(networkIdOrIds) ? networkIdOrIds : [networkIdOrIds];
  if (networkIds.length === 0) return { inserted: 0, updated: 0, deleted: 0 };
  const networkGoals = await db
    .select({ id: goals.id, networkId: goals.networkId, indicatorSlug: goals.indicatorSlug, periodStart: goals.periodStart, periodEnd: goals.periodEnd })
    .from(goals)
    .where(inArray(goals.networkId, networkIds));
  if (networkGoals.length === 0) return { inserted: 0, updated: 0, deleted: 0 };
  const results = await db
    .select({
      activityId: activityResultValues.activityId,
      organizationId: activityResultValues.organizationId,
      indicator: activityResultValues.indicator,
      value: activityResultValues.value,
      occurredOn: activityResultValues.occurredOn,
      networkId: activityResultValues.networkId,
    })
    .from(activityResultValues)
    .innerJoin(activities, eq(activities.id, activityResultValues.activityId))
    .where(and(inArray(activityResultValues.networkId, networkIds), eq(activities.status, "realizada")));

  const desired = new Map<string, Desired>();
  for (const goal of networkGoals) {
    for (const r of results) {
      if (r.networkId !== goal.networkId || r.indicator !== goal.indicatorSlug || r.occurredOn < goal.periodStart || r.occurredOn > goal.periodEnd) continue;
      const key = `${goal.id}|${activitySourceKey(r.activityId, r.organizationId)}`;
      const current = desired.get(key);
      // Several rows for the same activity and office add up into one entry.
      if (current) {
        current.value += Number(r.value);
        if (r.occurredOn > current.occurredOn) current.occurredOn = r.occurredOn;
      } else {
        desired.set(key, { goalId: goal.id, networkId: goal.networkId, activityId: r.activityId, organizationId: r.organizationId, value: Number(r.value), occurredOn: r.occurredOn });
      }
    }
  }

  const goalIds = networkGoals.map((g) => g.id);
  const readExisting = (conn: Pick<Database, "select">) =>
    conn
      .select({ id: goalEntries.id, goalId: goalEntries.goalId, sourceKey: goalEntries.sourceKey, value: goalEntries.value, occurredOn: goalEntries.occurredOn })
      .from(goalEntries)
      // `source_key is not null` lets the (goal_id, source_key) unique index find only derived rows.
      .where(and(inArray(goalEntries.goalId, goalIds), isNotNull(goalEntries.sourceKey), eq(goalEntries.source, "activity")));
  // Most views change nothing: decide outside a transaction (PGlite serializes them) and only
  // open one, re-reading inside it, when something must be written.
  if (!planChanges(await readExisting(db), desired).changed) return { inserted: 0, updated: 0, deleted: 0 };
  return db.transaction(async (tx) => {
    const plan = planChanges(await readExisting(tx), desired);
    for (const u of plan.updates) {
      await tx
        .update(goalEntries)
        .set({ value: u.value, occurredOn: u.occurredOn, status: "pending", reviewedBy: null, reviewedAt: null, updatedAt: sql`now()` })
        .where(eq(goalEntries.id, u.id));
    }
    if (plan.stale.length) await tx.delete(goalEntries).where(inArray(goalEntries.id, plan.stale));
    if (plan.inserts.length) {
      await tx
        .insert(goalEntries)
        .values(
          plan.inserts.map((d) => ({
            goalId: d.goalId,
            networkId: d.networkId,
            organizationId: d.organizationId,
            value: d.value,
            occurredOn: d.occurredOn,
            note: "Resultado registrado en la actividad.",
            source: "activity" as const,
            sourceKey: activitySourceKey(d.activityId, d.organizationId),
            activityId: d.activityId,
          })),
        )
        // Two syncs at once (two processes): the unique (goal, sourceKey) keeps one.
        .onConflictDoNothing();
    }
    return { inserted: plan.inserts.length, updated: plan.updates.length, deleted: plan.stale.length };
  });
}

type ExistingDerived = { id: string; goalId: string; sourceKey: string | null; value: number; occurredOn: string };

/** What to insert, update and delete so derived entries match the activity results. */
function planChanges(existing: ExistingDerived[], desired: Map<string, Desired>) {
  const seen = new Set<string>();
  const updates: { id: string; value: number; occurredOn: string }[] = [];
  const stale: string[] = [];
  for (const e of existing) {
    const key = `${e.goalId}|${e.sourceKey}`;
    const want = desired.get(key);
    if (!want) {
      stale.push(e.id);
      continue;
    }
    seen.add(key);
    if (Number(e.value) !== want.value || e.occurredOn !== want.occurredOn) updates.push({ id: e.id, value: want.value, occurredOn: want.occurredOn });
  }
  const inserts = [...desired.entries()].filter(([key, d]) => !seen.has(key) && d.value > 0).map(([, d]) => d);
  return { updates, stale, inserts, changed: updates.length + stale.length + inserts.length > 0 };
}

/** Every network with goals: the background job's pass, one network at a time to keep transactions short. */
export async function syncAllActivityContributions(db: Database) {
  const rows = await db.selectDistinct({ networkId: goals.networkId }).from(goals);
  for (const r of rows) await syncActivityContributions(db, r.networkId);
}
