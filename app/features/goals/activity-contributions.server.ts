import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import type { ActivityHooks } from "~/features/activities/hooks";
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

const NOTHING = { inserted: 0, updated: 0, deleted: 0 };
type Changes = typeof NOTHING;

/** What the activity results say the derived entries of these networks' goals should be. */
async function desiredEntries(conn: DbOrTx, networkIds: string[]) {
  const networkGoals = await conn
    .select({ id: goals.id, networkId: goals.networkId, indicatorSlug: goals.indicatorSlug, periodStart: goals.periodStart, periodEnd: goals.periodEnd })
    .from(goals)
    .where(inArray(goals.networkId, networkIds));
  const desired = new Map<string, Desired>();
  if (networkGoals.length === 0) return { goalIds: [], desired };
  const results = await conn
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
  return { goalIds: networkGoals.map((g) => g.id), desired };
}

function readExisting(conn: DbOrTx, goalIds: string[]) {
  return (
    conn
      .select({ id: goalEntries.id, goalId: goalEntries.goalId, sourceKey: goalEntries.sourceKey, value: goalEntries.value, occurredOn: goalEntries.occurredOn })
      .from(goalEntries)
      // `source_key is not null` lets the (goal_id, source_key) unique index find only derived rows.
      .where(and(inArray(goalEntries.goalId, goalIds), isNotNull(goalEntries.sourceKey), eq(goalEntries.source, "activity")))
  );
}

/**
 * Reconciles the activity-derived entries of one or several networks on the caller's connection:
 * inside the transaction that saved activity results or a goal (the write path), so the entries
 * change atomically with what they are derived from. Returns what changed.
 */
export async function reconcileActivityContributions(tx: DbOrTx, networkIdOrIds: string | string[]): Promise<Changes> {
  const networkIds = Array.isArray(networkIdOrIds) ? networkIdOrIds : [networkIdOrIds];
  if (networkIds.length === 0) return NOTHING;
  const { goalIds, desired } = await desiredEntries(tx, networkIds);
  if (goalIds.length === 0) return NOTHING;
  const plan = planChanges(await readExisting(tx, goalIds), desired);
  if (!plan.changed) return NOTHING;
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
      // Two reconciliations at once (two processes): the unique (goal, sourceKey) keeps one.
      .onConflictDoNothing();
  }
  return { inserted: plan.inserts.length, updated: plan.updates.length, deleted: plan.stale.length };
}

/**
 * The safety net (the periodic job): reconciles networks outside any caller's transaction. Most
 * passes change nothing, so it decides on plain reads (PGlite serializes transactions) and opens a
 * transaction, re-reading inside it, only when something must be written.
 */
export async function syncActivityContributions(db: Database, networkIdOrIds: string | string[]): Promise<Changes> {
  const networkIds = Array.isArray(networkIdOrIds) ? networkIdOrIds : [networkIdOrIds];
  if (networkIds.length === 0) return NOTHING;
  const { goalIds, desired } = await desiredEntries(db, networkIds);
  if (goalIds.length === 0 || !planChanges(await readExisting(db, goalIds), desired).changed) return NOTHING;
  return db.transaction((tx) => reconcileActivityContributions(tx, networkIds));
}

/**
 * The goals feature's hooks into the activities feature's writes (wired in
 * app/features/goals/feature.server.ts, composed in app/features/features.server.ts): results saved → derived entries reconciled in the same transaction.
 */
export const goalsActivityHooks: ActivityHooks = {
  async resultsSaved(tx, activity) {
    await reconcileActivityContributions(tx, activity.networkId);
  },
};

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
