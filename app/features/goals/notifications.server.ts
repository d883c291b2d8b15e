import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { user } from "~/db/schema";
import { notifyPerson } from "~/notifications/notify.server";
import type { Actor } from "~/permissions/actor";
import { formatDay } from "~/utils/dates";
import { formatAmount } from "./progress.ts";

/*
 * Tells the office that reported a goal entry that it was validated or
 * rejected: an in-app notification (the `notifications` table, as mentions and
 * reminders) plus an email through the outbox, both in the caller's
 * transaction, so they exist only if the decision commits. The caller calls
 * this only when the status actually changed; the dedupe key (entry, decision,
 * review time) also keeps a retried call from notifying twice.
 */

export interface ReviewedEntry {
  id: string;
  organizationId: string | null;
  value: number;
  occurredOn: string;
  status: "pending" | "validated" | "rejected";
  reviewNote: string;
  reviewedAt: Date | null;
}

export interface ReviewedGoal {
  id: string;
  networkId: string;
  title: string;
  unit: string;
}

/** "febrero de 2026" for an ISO day. */
const monthLabel = (isoDay: string) => formatDay(isoDay, "MMMM 'de' yyyy");

export function reviewMessage(goal: ReviewedGoal, entry: ReviewedEntry, actor: Pick<Actor, "name" | "organizationName">) {
  const validated = entry.status === "validated";
  const amount = `${formatAmount(entry.value)} ${goal.unit}`;
  const month = monthLabel(entry.occurredOn);
  const title = validated ? `Avance validado en «${goal.title}»` : `Avance rechazado en «${goal.title}»`;
  const lines = [
    `${actor.name} (${actor.organizationName}) ${validated ? "validó" : "rechazó"} el avance de ${amount} de ${month} (fecha ${formatDay(entry.occurredOn)}) registrado por tu OMIL en la meta «${goal.title}».`,
  ];
  if (!validated) lines.push(`Motivo del rechazo: ${entry.reviewNote}`);
  return { title, body: lines.join("\n"), url: `/redes/${goal.networkId}/metas/${goal.id}` };
}

/** Notifies each active person of the entry's office (except the one who decided); returns how many were notified. */
export async function notifyEntryReviewed(tx: DbOrTx, goal: ReviewedGoal, entry: ReviewedEntry, actor: Actor): Promise<number> {
  if (!entry.organizationId || entry.status === "pending") return 0;
  const people = await tx
    .select({ id: user.id, email: user.email })
    .from(user)
    .where(and(eq(user.organizationId, entry.organizationId), eq(user.active, true), ne(user.id, actor.userId)));
  if (people.length === 0) return 0;
  const message = reviewMessage(goal, entry, actor);
  const dedupeKey = `goal_entry_review:${entry.id}:${entry.status}:${entry.reviewedAt?.toISOString() ?? ""}`;
  let created = 0;
  for (const person of people) {
    if (await notifyPerson(tx, person, { kind: `goal_entry_${entry.status}`, ...message, dedupeKey, linkLabel: "Ver la meta:" })) created += 1;
  }
  return created;
}
