import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { activities, activityTasks, goalEntries, goals, networks, organizations } from "~/db/schema";
import { calendarNetworkIds, listCalendarActivities } from "~/features/activities/calendar.server";
import { isMeetingType } from "~/features/activities/labels";
import { openAgreements } from "~/features/activities/meetings.server";
import { addDaysToDay, chileLocalToInstant } from "~/features/activities/time";
import { entryResource } from "~/features/goals/goals.server";
import { isNationalAdmin, isOmilPerson, type Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { todayInChile } from "~/utils/dates";

/*
 * What needs doing this week, per role, for the signed-in home page. Every list is scoped to the
 * networks the actor may read (calendarNetworkIds: member networks for an OMIL, the region for the
 * DR, all for Nivel Central) and each item links to the page where it is done. Validations are
 * filtered by the one permission module, so an office never sees its own entries to validate.
 */

const WEEK_DAYS = 7;
/** Every list stays short (a DR or Nivel Central oversees many networks): the counts tell the rest. */
export const HOME_LIST_LIMIT = 8;

export interface HomeActivity {
  id: string;
  title: string;
  typeLabel: string;
  startsAt: string;
  networkName: string;
  href: string;
}
export interface HomeAgreement {
  id: string;
  text: string;
  dueOn: string;
  overdue: boolean;
  owner: string;
  networkName: string;
  href: string;
}
export interface HomeTask {
  id: string;
  title: string;
  dueOn: string | null;
  overdue: boolean;
  activityTitle: string;
  networkName: string;
  href: string;
}
export interface HomeValidation {
  id: string;
  goalTitle: string;
  organizationName: string;
  value: number;
  occurredOn: string;
  networkName: string;
  href: string;
}

export interface HomeWork {
  today: string;
  weekEnd: string;
  /** Which sections the page shows, by role. */
  kind: "coordinator" | "member" | "regional" | "national";
  activities: HomeActivity[];
  agreements: HomeAgreement[];
  tasks: HomeTask[];
  validations: HomeValidation[];
  totals: { activities: number; agreements: number; tasks: number; validations: number };
}

const activityHref = (a: { id: string; typeSlug: string }) => (isMeetingType(a.typeSlug) ? `/reuniones/${a.id}` : `/actividades/${a.id}`);

export async function loadHomeWork(db: DbOrTx, actor: Actor, today = todayInChile()): Promise<HomeWork> {
  const weekEnd = addDaysToDay(today, WEEK_DAYS - 1);
  const networkIds = await calendarNetworkIds(db, actor);
  const kind: HomeWork["kind"] = isNationalAdmin(actor)
    ? "national"
    : actor.role === "dr_staff"
      ? "regional"
      : actor.coordinatedNetworkIds.length > 0
        ? "coordinator"
        : "member";
  const names = new Map(
    networkIds.length ? (await db.select({ id: networks.id, name: networks.name }).from(networks).where(inArray(networks.id, networkIds))).map((n) => [n.id, n.name]) : [],
  );

  const week = await listCalendarActivities(db, {
    networkIds,
    from: chileLocalToInstant(`${today}T00:00`)!,
    to: chileLocalToInstant(`${addDaysToDay(weekEnd, 1)}T00:00`)!,
    excludeDrafts: true,
  });
  const upcoming = week
    .filter((a) => a.status !== "cancelada")
    .map((a) => ({ id: a.id, title: a.title, typeLabel: a.typeLabel, startsAt: a.startsAt.toISOString(), networkName: a.networkName, href: activityHref(a) }));

  // Agreements: an office follows its own; a coordinator every one of the networks it coordinates.
  // The DR and Nivel Central follow meetings and validations instead.
  let agreements: HomeAgreement[] = [];
  if (isOmilPerson(actor)) {
    const open = await openAgreements(db, networkIds);
    agreements = open
      .filter((a) => a.dueOn <= weekEnd && a.status !== "cumplido")
      .filter((a) => a.ownerOrganizationId === actor.organizationId || actor.coordinatedNetworkIds.includes(a.networkId))
      .map((a) => ({
        id: a.id,
        text: a.text,
        dueOn: a.dueOn,
        overdue: a.dueOn < today,
        owner: a.ownerOrganizationName ?? a.ownerPerson,
        networkName: names.get(a.networkId) ?? "",
        href: a.activityId ? `/reuniones/${a.activityId}#acuerdos` : `/acuerdos?red=${a.networkId}`,
      }));
  }

  // Open tasks of the actor's own office, due this week, overdue or without a date.
  let tasks: HomeTask[] = [];
  if (isOmilPerson(actor) && networkIds.length) {
    const rows = await db
      .select({ id: activityTasks.id, title: activityTasks.title, dueOn: activityTasks.dueOn, activityId: activities.id, activityTitle: activities.title, typeSlug: activities.typeSlug, networkId: activities.networkId })
      .from(activityTasks)
      .innerJoin(activities, eq(activities.id, activityTasks.activityId))
      .where(
        and(
          inArray(activities.networkId, networkIds),
          eq(activityTasks.ownerOrganizationId, actor.organizationId),
          isNull(activityTasks.doneAt),
          or(isNull(activityTasks.dueOn), lte(activityTasks.dueOn, weekEnd)),
        ),
      )
      .orderBy(asc(activityTasks.dueOn));
    tasks = rows.map((t) => ({
      id: t.id,
      title: t.title,
      dueOn: t.dueOn,
      overdue: t.dueOn !== null && t.dueOn < today,
      activityTitle: t.activityTitle,
      networkName: names.get(t.networkId) ?? "",
      href: `/actividades/${t.activityId}#tasks-title`,
    }));
  }

  // Entries pending a validation this actor may give (four eyes: never its own office's).
  let validations: HomeValidation[] = [];
  if (networkIds.length) {
    const pending = await db
      .select({
        id: goalEntries.id,
        organizationId: goalEntries.organizationId,
        source: goalEntries.source,
        status: goalEntries.status,
        value: goalEntries.value,
        occurredOn: goalEntries.occurredOn,
        goalId: goals.id,
        goalTitle: goals.title,
        networkId: networks.id,
        regionCode: networks.regionCode,
        organizationName: organizations.name,
      })
      .from(goalEntries)
      .innerJoin(goals, eq(goals.id, goalEntries.goalId))
      .innerJoin(networks, eq(networks.id, goals.networkId))
      .leftJoin(organizations, eq(organizations.id, goalEntries.organizationId))
      .where(and(inArray(goals.networkId, networkIds), eq(goalEntries.status, "pending")))
      .orderBy(asc(goalEntries.occurredOn), asc(goalEntries.createdAt));
    validations = pending
      .filter((e) => can(actor, "validate", entryResource({ id: e.networkId, regionCode: e.regionCode }, e)))
      .map((e) => ({
        id: e.id,
        goalTitle: e.goalTitle,
        organizationName: e.organizationName ?? "Toda la red",
        value: e.value,
        occurredOn: e.occurredOn,
        networkName: names.get(e.networkId) ?? "",
        href: `/redes/${e.networkId}/metas/${e.goalId}`,
      }));
  }

  const totals = { activities: upcoming.length, agreements: agreements.length, tasks: tasks.length, validations: validations.length };
  const cap = <T,>(list: T[]) => list.slice(0, HOME_LIST_LIMIT);
  return { today, weekEnd, kind, activities: cap(upcoming), agreements: cap(agreements), tasks: cap(tasks), validations: cap(validations), totals };
}
