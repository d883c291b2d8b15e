import { and, asc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { activities, activityHosts, activityTypes, comunas, networks, regions } from "~/db/schema";
import { isNationalAdmin, type Actor } from "~/permissions/actor";
import { hostsOf } from "./activities.server.ts";
import { FAIR_TYPE } from "./labels.ts";
import { addDaysToDay, chileLocalToInstant, isoWeekdayOf } from "./time.ts";

export type CalendarView = "mes" | "semana" | "lista";

export interface CalendarFilters {
  networkIds: string[];
  typeSlug?: string;
  organizationId?: string;
  from: Date;
  to: Date;
  /** Leave drafts out (public pages and feeds). */
  excludeDrafts?: boolean;
}

/** Activities in [from, to) of the given networks, with their hosts, type and place. */
export async function listCalendarActivities(db: DbOrTx, f: CalendarFilters) {
  if (f.networkIds.length === 0) return [];
  const conditions = [inArray(activities.networkId, f.networkIds), lt(activities.startsAt, f.to), gte(activities.endsAt, f.from)];
  if (f.typeSlug) conditions.push(eq(activities.typeSlug, f.typeSlug));
  if (f.excludeDrafts) conditions.push(ne(activities.status, "borrador"));
  if (f.organizationId) {
    conditions.push(
      inArray(activities.id, db.select({ id: activityHosts.activityId }).from(activityHosts).where(eq(activityHosts.organizationId, f.organizationId))),
    );
  }
  const rows = await db
    .select({
      id: activities.id,
      title: activities.title,
      typeSlug: activities.typeSlug,
      typeLabel: activityTypes.label,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      status: activities.status,
      recordedAfter: activities.recordedAfter,
      modality: activities.modality,
      address: activities.address,
      onlineUrl: activities.onlineUrl,
      comunaName: comunas.name,
      networkId: networks.id,
      networkName: networks.name,
      updatedAt: activities.updatedAt,
      notes: activities.notes,
      audience: activities.audience,
    })
    .from(activities)
    .innerJoin(networks, eq(networks.id, activities.networkId))
    .innerJoin(activityTypes, eq(activityTypes.slug, activities.typeSlug))
    .leftJoin(comunas, eq(comunas.code, activities.comunaCode))
    .where(and(...conditions))
    .orderBy(asc(activities.startsAt));
  const hosts = await hostsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, hosts: hosts.get(r.id) ?? [] }));
}
export type CalendarEntry = Awaited<ReturnType<typeof listCalendarActivities>>[number];

/** Network ids whose calendar the actor sees, optionally narrowed to a region. */
export async function calendarNetworkIds(db: DbOrTx, actor: Actor, regionCode?: string): Promise<string[]> {
  if (isNationalAdmin(actor)) {
    const rows = await db.select({ id: networks.id }).from(networks).where(regionCode ? eq(networks.regionCode, regionCode) : undefined);
    return rows.map((r) => r.id);
  }
  if (actor.role === "dr_staff") {
    if (!actor.regionCode || (regionCode && regionCode !== actor.regionCode)) return [];
    const rows = await db.select({ id: networks.id }).from(networks).where(eq(networks.regionCode, actor.regionCode));
    return rows.map((r) => r.id);
  }
  if (regionCode) {
    const rows = await db
      .select({ id: networks.id })
      .from(networks)
      .where(and(eq(networks.regionCode, regionCode), inArray(networks.id, actor.memberNetworkIds.length ? [...actor.memberNetworkIds] : [""])));
    return rows.map((r) => r.id);
  }
  return [...actor.memberNetworkIds];
}

/** The [from, to) instants and the days shown by a month, week or list view anchored on a day. */
export function calendarRange(view: CalendarView, anchorDay: string) {
  let fromDay: string;
  let toDay: string;
  if (view === "semana") {
    fromDay = addDaysToDay(anchorDay, 1 - isoWeekdayOf(anchorDay));
    toDay = addDaysToDay(fromDay, 7);
  } else if (view === "mes") {
    const first = `${anchorDay.slice(0, 7)}-01`;
    fromDay = addDaysToDay(first, 1 - isoWeekdayOf(first));
    const [y, m] = anchorDay.split("-").map(Number);
    const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
    toDay = addDaysToDay(nextMonth, (8 - isoWeekdayOf(nextMonth)) % 7);
  } else {
    fromDay = anchorDay;
    toDay = addDaysToDay(anchorDay, 90);
  }
  const days: string[] = [];
  for (let d = fromDay; d < toDay; d = addDaysToDay(d, 1)) days.push(d);
  return { fromDay, toDay, days, from: chileLocalToInstant(`${fromDay}T00:00`)!, to: chileLocalToInstant(`${toDay}T00:00`)! };
}

/** Upcoming public job fairs (programmed), optionally in one region, for /ferias. */
export async function listPublicFairs(db: DbOrTx, now: Date, regionCode?: string) {
  const rows = await db
    .select({
      id: activities.id,
      title: activities.title,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      modality: activities.modality,
      address: activities.address,
      onlineUrl: activities.onlineUrl,
      audience: activities.audience,
      status: activities.status,
      comunaName: comunas.name,
      regionCode: networks.regionCode,
      regionName: regions.name,
      networkName: networks.name,
    })
    .from(activities)
    .innerJoin(networks, eq(networks.id, activities.networkId))
    .innerJoin(regions, eq(regions.code, networks.regionCode))
    .leftJoin(comunas, eq(comunas.code, activities.comunaCode))
    .where(
      and(
        eq(activities.typeSlug, FAIR_TYPE),
        inArray(activities.status, ["programada", "reprogramada"]),
        gte(activities.endsAt, now),
        regionCode ? eq(networks.regionCode, regionCode) : sql`true`,
      ),
    )
    .orderBy(asc(activities.startsAt))
    .limit(200);
  const hosts = await hostsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, hosts: hosts.get(r.id) ?? [] }));
}
