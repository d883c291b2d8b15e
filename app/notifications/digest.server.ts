/*
 * Daily and weekly digests (docs/decisions/0147). A period ends at a fixed
 * moment in Chile: every day at DIGEST_HOUR, and Mondays at DIGEST_HOUR for
 * the weekly one. For each person with a category set to that frequency, one
 * transaction takes the period's row in `notification_digests` (unique per
 * person, frequency and period end: the second process to try gets nothing),
 * gathers the period's notifications of those categories that were neither
 * emailed nor read, queues one email through the outbox (whose claims deliver
 * it exactly once) and marks them emailed. Nothing new: no email.
 */
import { TZDate } from "@date-fns/tz";
import { subDays } from "date-fns";
import { and, asc, desc, eq, gte, inArray, isNull, lt, notExists } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { notificationDigests, notificationPreferences, notifications, user } from "~/db/schema";
import { enqueueEmail } from "~/email/outbox.server";
import { getEnv } from "~/env.server";
import { formatDateTime, TIME_ZONE } from "~/utils/dates";
import { categoryOf, NOTIFICATION_CATEGORIES, type DigestFrequency } from "./categories.ts";
import { digestHtml, digestText, type DigestContent } from "./digest-email.tsx";
import { getPreferences } from "./preferences.server.ts";

/** Digests go out at 08:00 Chile time (daily), and Mondays at 08:00 (weekly). */
export const DIGEST_HOUR = 8;
const PERIOD_DAYS: Record<DigestFrequency, number> = { diario: 1, semanal: 7 };
/** A period never reaches back further than this (a person who returns to digests after months gets recent news only). */
const MAX_LOOKBACK_DAYS = 14;

/** The latest scheduled end of a period at or before `now`. */
export function latestPeriodEnd(frequency: DigestFrequency, now: Date): Date {
  const chile = new TZDate(now.getTime(), TIME_ZONE);
  // Monday = 0 days back for the weekly digest; getDay() is 0 on Sunday.
  const daysBack = frequency === "semanal" ? (chile.getDay() + 6) % 7 : 0;
  let end = new TZDate(chile.getFullYear(), chile.getMonth(), chile.getDate() - daysBack, DIGEST_HOUR, 0, 0, 0, TIME_ZONE);
  if (end.getTime() > now.getTime()) end = subDays(end, PERIOD_DAYS[frequency]);
  return new Date(end.getTime());
}

/** The start of the period ending at `end` (a calendar day or week in Chile, so DST changes are respected). */
export function periodStartFor(frequency: DigestFrequency, end: Date): Date {
  return new Date(subDays(new TZDate(end.getTime(), TIME_ZONE), PERIOD_DAYS[frequency]).getTime());
}

interface Person {
  id: string;
  name: string;
  email: string;
}

/** The digest's notifications: the person's, in the period, unread, not yet emailed, of the given categories. */
async function pendingItems(db: DbOrTx, personId: string, start: Date, end: Date, categories: Set<string>) {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, personId), gte(notifications.createdAt, start), lt(notifications.createdAt, end), isNull(notifications.emailedAt), isNull(notifications.readAt)))
    .orderBy(asc(notifications.createdAt));
  return rows.filter((n) => categories.has(categoryOf(n.kind)));
}

export function digestContent(person: Pick<Person, "name">, frequency: DigestFrequency, start: Date, end: Date, items: (typeof notifications.$inferSelect)[]): DigestContent {
  const base = getEnv().baseUrl;
  const groups = NOTIFICATION_CATEGORIES.map((category) => ({
    category,
    items: items
      .filter((n) => categoryOf(n.kind) === category)
      .map((n) => ({ title: n.title, body: n.body, link: n.url ? `${base}${n.url}` : null, when: formatDateTime(n.createdAt) })),
  })).filter((g) => g.items.length > 0);
  return {
    personName: person.name,
    heading: frequency === "diario" ? "Resumen diario" : "Resumen semanal",
    periodLabel: `entre el ${formatDateTime(start)} y el ${formatDateTime(end)}`,
    groups,
    notificationsUrl: `${base}/notificaciones`,
    preferencesUrl: `${base}/notificaciones/preferencias`,
  };
}

export function digestSubject(frequency: DigestFrequency, count: number, end: Date): string {
  const what = count === 1 ? "1 notificación" : `${count} notificaciones`;
  return frequency === "diario"
    ? `Resumen diario de Red OMIL: ${what} (${formatDateTime(end, "d 'de' MMMM")})`
    : `Resumen semanal de Red OMIL: ${what} (semana al ${formatDateTime(end, "d 'de' MMMM")})`;
}

/**
 * Builds and queues one person's digest for the period ending at `end`;
 * returns the number of notifications it carries (0: nothing sent), or null
 * when that period's digest was already built (here or by another process).
 */
export async function buildDigest(db: Database, person: Person, frequency: DigestFrequency, end: Date): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ periodEnd: notificationDigests.periodEnd })
      .from(notificationDigests)
      .where(and(eq(notificationDigests.userId, person.id), eq(notificationDigests.frequency, frequency), lt(notificationDigests.periodEnd, end)))
      .orderBy(desc(notificationDigests.periodEnd))
      .limit(1);
    // After a pause (the portal was down at a period's end) the next digest covers the gap.
    const floor = end.getTime() - MAX_LOOKBACK_DAYS * 24 * 3600_000;
    const start = new Date(Math.max(floor, Math.min(previous?.periodEnd.getTime() ?? Infinity, periodStartFor(frequency, end).getTime())));
    // The period's row first: a concurrent builder of the same period waits here, then gets nothing.
    const [taken] = await tx
      .insert(notificationDigests)
      .values({ userId: person.id, frequency, periodStart: start, periodEnd: end, itemCount: 0 })
      .onConflictDoNothing()
      .returning({ id: notificationDigests.id });
    if (!taken) return null;
    const preferences = await getPreferences(tx, person.id);
    const categories = new Set(NOTIFICATION_CATEGORIES.filter((c) => preferences[c] === frequency));
    const items = await pendingItems(tx, person.id, start, end, categories);
    if (items.length === 0) return 0;
    const content = digestContent(person, frequency, start, end, items);
    const emailId = await enqueueEmail(tx, { to: person.email, subject: digestSubject(frequency, items.length, end), text: digestText(content), html: digestHtml(content) });
    await tx
      .update(notifications)
      .set({ emailedAt: new Date() })
      .where(
        inArray(
          notifications.id,
          items.map((n) => n.id),
        ),
      );
    await tx.update(notificationDigests).set({ itemCount: items.length, emailId }).where(eq(notificationDigests.id, taken.id));
    return items.length;
  });
}

/** One pass of the digest job: every due daily and weekly digest not built yet. Returns how many emails were queued. */
export async function runDigests(db: Database, now = new Date()): Promise<number> {
  let queued = 0;
  for (const frequency of ["diario", "semanal"] as const) {
    const end = latestPeriodEnd(frequency, now);
    const people = await db
      .selectDistinct({ id: user.id, name: user.name, email: user.email })
      .from(notificationPreferences)
      .innerJoin(user, eq(user.id, notificationPreferences.userId))
      .where(
        and(
          eq(notificationPreferences.delivery, frequency),
          eq(user.active, true),
          notExists(
            db
              .select({ id: notificationDigests.id })
              .from(notificationDigests)
              .where(and(eq(notificationDigests.userId, user.id), eq(notificationDigests.frequency, frequency), eq(notificationDigests.periodEnd, end))),
          ),
        ),
      );
    for (const person of people) {
      if (((await buildDigest(db, person, frequency, end)) ?? 0) > 0) queued += 1;
    }
  }
  return queued;
}
