/*
 * Telling a person something: an in-app notification (the `notifications`
 * table, listed on their home page) plus, when the person chose immediate email
 * for the notice's category (app/notifications/categories.ts), an email through
 * the outbox, both in the caller's transaction, so neither exists unless the
 * change that caused them commits. Digest categories are emailed later by
 * ./digest.server.ts; "ninguno" only keeps the in-app notification. With a dedupe key a person is told once per key, also when
 * two processes run the same job at once.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { notifications } from "~/db/schema";
import { enqueueEmail } from "~/email/outbox.server";
import { getEnv } from "~/env.server";
import { categoryOf } from "./categories.ts";
import { deliveryFor } from "./preferences.server.ts";

export interface Notice {
  kind: string;
  title: string;
  /** Shown in the app and opening the email. */
  body: string;
  /** Path inside the portal the notification links to. */
  url: string;
  /** Once per person and key; omit for notices that may repeat (each mention is its own). */
  dedupeKey?: string;
  /** The email's text when it should say more than the body; by default body and link. */
  emailText?: string;
  /** Words before the link in the default email text ("Ver la meta:"). */
  linkLabel?: string;
}

/** Notifies one person; false when the dedupe key says they were already told. */
export async function notifyPerson(tx: DbOrTx, person: { id: string; email: string | null }, notice: Notice): Promise<boolean> {
  if (notice.dedupeKey) {
    // Serializes concurrent runs on the same (person, key) before the existence check.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${person.id}|${notice.dedupeKey}`}))`);
    const [existing] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, person.id), eq(notifications.dedupeKey, notice.dedupeKey)));
    if (existing) return false;
  }
  const immediate = person.email !== null && (await deliveryFor(tx, person.id, categoryOf(notice.kind))) === "inmediato";
  await tx.insert(notifications).values({
    userId: person.id,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    url: notice.url,
    dedupeKey: notice.dedupeKey ?? null,
    emailedAt: immediate ? new Date() : null,
  });
  if (immediate && person.email) {
    const link = `${getEnv().baseUrl}${notice.url}`;
    const text = notice.emailText ?? `${notice.body}\n\n${notice.linkLabel ? `${notice.linkLabel} ` : ""}${link}\n`;
    await enqueueEmail(tx, { to: person.email, subject: notice.title, text });
  }
  return true;
}
