import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { notificationPreferences } from "~/db/schema";
import { DEFAULT_DELIVERY, NOTIFICATION_CATEGORIES, type Delivery, type NotificationCategory } from "./categories.ts";

export type Preferences = Record<NotificationCategory, Delivery>;

/** The person's delivery per category (immediate where nothing was saved). */
export async function getPreferences(db: DbOrTx, userId: string): Promise<Preferences> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const saved = new Map(rows.map((r) => [r.category, r.delivery]));
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, saved.get(c) ?? DEFAULT_DELIVERY])) as Preferences;
}

export async function deliveryFor(db: DbOrTx, userId: string, category: NotificationCategory): Promise<Delivery> {
  const [row] = await db
    .select({ delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.category, category)));
  return row?.delivery ?? DEFAULT_DELIVERY;
}

export async function savePreferences(db: DbOrTx, userId: string, preferences: Preferences): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values(NOTIFICATION_CATEGORIES.map((category) => ({ userId, category, delivery: preferences[category] })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.category],
      set: { delivery: sql`excluded.delivery`, updatedAt: sql`now()` },
    });
}
