import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { notifications } from "~/db/schema";
import { isUuid } from "~/utils/ids";

/** A person's latest notifications, newest first. */
export async function listNotifications(db: DbOrTx, userId: string, limit = 100) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
}

/** Marks one of the person's notifications as read, or all of them with "all" (never someone else's). */
export async function markNotificationsRead(db: DbOrTx, userId: string, which: string | "all", now = new Date()): Promise<void> {
  const mine = eq(notifications.userId, userId);
  if (which === "all") await db.update(notifications).set({ readAt: now }).where(and(mine, isNull(notifications.readAt)));
  else if (isUuid(which)) await db.update(notifications).set({ readAt: now }).where(and(mine, eq(notifications.id, which)));
}

/** How many of the person's notifications are unread (the header's badge; a partial index keeps it cheap). */
export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}
