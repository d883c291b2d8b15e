import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { activities, activityHosts, itineraries, meetingAgendaItems, networkMembers, networks, organizations } from "~/db/schema";
import { FieldError } from "~/utils/errors";
import { MAYOR_BRIEFING_AGENDA } from "./labels.ts";
import type { ItineraryForm } from "./schema.ts";
import { chileLocalToInstant } from "./time.ts";

/** Every (network, member office) of a region: the possible stops of an itinerary. */
export async function itineraryStops(db: DbOrTx, regionCode: string) {
  return db
    .select({ networkId: networks.id, networkName: networks.name, organizationId: organizations.id, organizationName: organizations.name, comunaCode: organizations.comunaCode })
    .from(networkMembers)
    .innerJoin(networks, eq(networks.id, networkMembers.networkId))
    .innerJoin(organizations, eq(organizations.id, networkMembers.organizationId))
    .where(and(eq(networks.regionCode, regionCode), isNull(networkMembers.leftOn)))
    .orderBy(asc(organizations.name));
}

/**
 * Creates the itinerary and one draft mayor briefing per stop (with the
 * 30-minute agenda), hosted by the office of that comuna in its network.
 */
export async function createItinerary(db: Database, regionCode: string, form: ItineraryForm, userId: string, now = new Date()) {
  const options = await itineraryStops(db, regionCode);
  const stops = form.stops
    .map((s, index) => ({ ...s, index }))
    .filter((s) => s.stop)
    .map((s) => {
      const [networkId, organizationId] = String(s.stop).split(":");
      const option = options.find((o) => o.networkId === networkId && o.organizationId === organizationId);
      if (!option) throw new FieldError(`stops[${s.index}].stop`, "Esa OMIL no es miembro de una red de tu región.");
      const startsAt = chileLocalToInstant(`${form.day}T${s.start}`);
      const endsAt = chileLocalToInstant(`${form.day}T${s.end}`);
      if (!startsAt || !endsAt) throw new FieldError(`stops[${s.index}].start`, "Hora no válida.");
      if (startsAt < now) throw new FieldError("day", "El día de la visita ya pasó: planifica un día futuro.");
      return { option, startsAt, endsAt };
    });
  return db.transaction(async (tx) => {
    const [itinerary] = await tx.insert(itineraries).values({ regionCode, day: form.day, title: form.title, createdBy: userId }).returning();
    for (const stop of stops) {
      const [activity] = await tx
        .insert(activities)
        .values({
          networkId: stop.option.networkId,
          typeSlug: "reunion-alcalde",
          title: `Reunión con el alcalde: ${stop.option.organizationName.replace(/^OMIL\s+/, "")}`,
          startsAt: stop.startsAt,
          endsAt: stop.endsAt,
          modality: "presencial",
          comunaCode: stop.option.comunaCode,
          address: "Alcaldía",
          status: "borrador",
          itineraryId: itinerary.id,
          createdBy: userId,
        })
        .returning();
      await tx.insert(activityHosts).values({ activityId: activity.id, organizationId: stop.option.organizationId, role: "host" });
      await tx.insert(meetingAgendaItems).values(MAYOR_BRIEFING_AGENDA.map((item, position) => ({ ...item, position, activityId: activity.id })));
    }
    return itinerary;
  });
}

/** The region's itineraries, newest first, with their visits. */
export async function listItineraries(db: DbOrTx, regionCode: string) {
  const rows = await db.select().from(itineraries).where(eq(itineraries.regionCode, regionCode)).orderBy(desc(itineraries.day)).limit(30);
  if (rows.length === 0) return [];
  const visits = await db
    .select({ id: activities.id, itineraryId: activities.itineraryId, title: activities.title, startsAt: activities.startsAt, status: activities.status })
    .from(activities)
    .where(inArray(activities.itineraryId, rows.map((r) => r.id)))
    .orderBy(asc(activities.startsAt));
  return rows.map((r) => ({ ...r, visits: visits.filter((v) => v.itineraryId === r.id) }));
}
