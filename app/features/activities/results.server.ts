import { eq } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { activityResults, activityResultValues } from "~/db/schema";
import { FieldError } from "~/utils/errors";
import { recordAudit } from "~/features/audit/record.server";
import type { ActivityHost, ActivityRow } from "./activities.server.ts";
import type { ActivityHooks } from "./hooks.ts";
import { resultFormFor } from "./result-forms.ts";
import { chileDayOf } from "./time.ts";

type ResultInput = Record<string, unknown>;

/** The values goals add up: one row per (office credited or network, indicator). */
export function resultValueRows(activity: ActivityRow, hosts: ActivityHost[], input: ResultInput) {
  const form = resultFormFor(activity.typeSlug);
  const occurredOn = chileDayOf(activity.startsAt);
  const rows: (typeof activityResultValues.$inferInsert)[] = [];
  if (form.countsAs) rows.push({ activityId: activity.id, networkId: activity.networkId, organizationId: null, indicator: form.countsAs, value: 1, occurredOn });
  for (const field of form.fields) {
    if (field.kind !== "count" || !field.indicator) continue;
    const typed = input[field.key];
    if (field.perOffice) {
      const byOffice = (typed ?? {}) as Record<string, number>;
      for (const host of hosts) {
        const value = Number(byOffice[host.organizationId] ?? 0);
        if (value > 0) rows.push({ activityId: activity.id, networkId: activity.networkId, organizationId: host.organizationId, indicator: field.indicator, value, occurredOn });
      }
    } else if (Number(typed) > 0) {
      rows.push({ activityId: activity.id, networkId: activity.networkId, organizationId: null, indicator: field.indicator, value: Number(typed), occurredOn });
    }
  }
  return rows;
}

/**
 * Saves the results form of a done activity and rewrites its goal values in
 * the same transaction: saving twice replaces, never adds. `hooks.resultsSaved`
 * runs inside that transaction (the goals feature reconciles its entries there).
 */
export async function saveResults(db: Database, activity: ActivityRow, hosts: ActivityHost[], input: ResultInput, userId: string, hooks: ActivityHooks) {
  if (activity.status !== "realizada") throw new FieldError("intent", "Primero marca la actividad como realizada para registrar sus resultados.");
  const { intent: _intent, ...data } = input;
  const values = resultValueRows(activity, hosts, data);
  await db.transaction(async (tx) => {
    await tx
      .insert(activityResults)
      .values({ activityId: activity.id, data: data as Record<string, string | number | boolean>, updatedBy: userId })
      .onConflictDoUpdate({ target: activityResults.activityId, set: { data: data as Record<string, string | number | boolean>, updatedBy: userId, updatedAt: new Date() } });
    await tx.delete(activityResultValues).where(eq(activityResultValues.activityId, activity.id));
    if (values.length > 0) await tx.insert(activityResultValues).values(values);
    await hooks.resultsSaved(tx, { id: activity.id, networkId: activity.networkId });
    await recordAudit(tx, { action: "activity.results_saved", resource: { type: "activity", id: activity.id, label: activity.title }, networkId: activity.networkId, details: { valores: values.length } });
  });
}

export async function loadResults(db: Database, activityId: string) {
  const [row] = await db.select().from(activityResults).where(eq(activityResults.activityId, activityId));
  return row?.data ?? null;
}
