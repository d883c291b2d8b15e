import { and, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import type { DbOrTx, Database } from "~/db/client.server";
import { activities, activityHosts, agreements, networkMembers, networks, user } from "~/db/schema";
import { currentCoordinator } from "~/features/networks/coordination.server";
import { notifyPerson } from "~/notifications/notify.server";
import { formatDateTime, formatDay, todayInChile } from "~/utils/dates";
import { NETWORK_MEETING_TYPE } from "./labels.ts";
import { addDaysToDay } from "./time.ts";

/*
 * Reminders: N days (the network's reminderDays) before an activity, and for
 * agreements due within N days or overdue. Each goes out once per person, as
 * an in-app notification plus an email queued in the same transaction; the
 * dedupe key (which includes the date) makes re-runs and parallel processes
 * harmless, and a rescheduled activity gets a fresh reminder.
 */

interface Reminder {
  userIds: string[];
  dedupeKey: string;
  kind: string;
  title: string;
  body: string;
  url: string;
}

async function activeUsersOf(db: DbOrTx, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db.select({ id: user.id, email: user.email }).from(user).where(and(inArray(user.organizationId, organizationIds), eq(user.active, true)));
}

/** Sends one reminder to each person once; returns how many notifications were created. */
async function deliver(db: Database, reminder: Reminder, emails: Map<string, string>): Promise<number> {
  let created = 0;
  for (const userId of reminder.userIds) {
    const { userIds: _all, ...notice } = reminder;
    const inserted = await db.transaction((tx) => notifyPerson(tx, { id: userId, email: emails.get(userId) ?? null }, notice));
    if (inserted) created += 1;
  }
  return created;
}

export async function runReminders(db: Database, now = new Date()): Promise<number> {
  const today = todayInChile(now);
  let created = 0;
  const allNetworks = await db.select().from(networks);
  for (const network of allNetworks) {
    const days = network.reminderDays;
    const horizon = new Date(now.getTime() + days * 24 * 3600_000);
    const members = await db
      .select({ organizationId: networkMembers.organizationId })
      .from(networkMembers)
      .where(and(eq(networkMembers.networkId, network.id), isNull(networkMembers.leftOn)));
    const memberIds = members.map((m) => m.organizationId);
    const coordinator = await currentCoordinator(db, network.id, today);

    const soon = await db
      .select()
      .from(activities)
      .where(
        and(eq(activities.networkId, network.id), inArray(activities.status, ["programada", "reprogramada"]), gte(activities.startsAt, now), lte(activities.startsAt, horizon)),
      );
    for (const activity of soon) {
      const hosts = await db.select({ organizationId: activityHosts.organizationId }).from(activityHosts).where(eq(activityHosts.activityId, activity.id));
      // A network meeting concerns every member office; other activities their hosts.
      const orgIds = activity.typeSlug === NETWORK_MEETING_TYPE ? memberIds : hosts.map((h) => h.organizationId);
      const people = await activeUsersOf(db, orgIds);
      created += await deliver(
        db,
        {
          userIds: people.map((p) => p.id),
          dedupeKey: `activity:${activity.id}:${activity.startsAt.toISOString()}`,
          kind: "activity_reminder",
          title: `Recordatorio: ${activity.title} (${formatDateTime(activity.startsAt, "dd-MM-yyyy HH:mm")})`,
          body: `${activity.title} comienza el ${formatDateTime(activity.startsAt)} (hora de Chile). Red: ${network.name}.`,
          url: `/actividades/${activity.id}`,
        },
        new Map(people.map((p) => [p.id, p.email])),
      );
    }

    const open = await db
      .select()
      .from(agreements)
      .where(and(eq(agreements.networkId, network.id), isNull(agreements.closedAt), lte(agreements.dueOn, addDaysToDay(today, days))));
    for (const agreement of open) {
      const overdue = agreement.dueOn < today;
      const orgIds = agreement.ownerOrganizationId ? [agreement.ownerOrganizationId] : coordinator ? [coordinator.organizationId] : [];
      const people = await activeUsersOf(db, orgIds);
      created += await deliver(
        db,
        {
          userIds: people.map((p) => p.id),
          dedupeKey: `agreement:${agreement.id}:${overdue ? "overdue" : "due-soon"}:${agreement.dueOn}`,
          kind: overdue ? "agreement_overdue" : "agreement_due_soon",
          title: overdue ? `Acuerdo vencido (plazo ${formatDay(agreement.dueOn)})` : `Acuerdo por vencer el ${formatDay(agreement.dueOn)}`,
          body: `${agreement.text}${agreement.ownerPerson ? ` — Responsable: ${agreement.ownerPerson}` : ""}. Red: ${network.name}.`,
          url: agreement.activityId ? `/reuniones/${agreement.activityId}#acuerdos` : `/acuerdos?red=${network.id}`,
        },
        new Map(people.map((p) => [p.id, p.email])),
      );
    }
  }
  return created;
}
