import { eq } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { activities, activityHosts, organizations } from "~/db/schema";
import { currentCoordinatorId } from "~/features/networks/coordination.server";
import { FieldError } from "~/utils/errors";
import { formatDay } from "~/utils/dates";
import type { NetworkRow } from "./activities.server.ts";
import { NETWORK_MEETING_TYPE } from "./labels.ts";
import { listNetworkMeetings, loadSchedule } from "./meetings.server.ts";
import { chileDayOf, proposeMeetings } from "./time.ts";

/** The next meetings the network's schedule proposes that are not planned yet. */
export async function proposedMeetings(db: Database, network: NetworkRow, today: string, count = 4) {
  const schedule = await loadSchedule(db, network.id);
  if (!schedule) return { schedule: null, proposals: [] };
  const planned = await listNetworkMeetings(db, network.id);
  const plannedDays = new Set(planned.filter((m) => m.status !== "cancelada").map((m) => chileDayOf(m.startsAt).slice(0, 7)));
  const proposals = proposeMeetings(schedule, today, count + planned.length)
    .filter((p) => !plannedDays.has(p.day.slice(0, 7)))
    .slice(0, count);
  return { schedule, proposals };
}

/** Creates a proposed meeting as programmed, hosted by the current coordinator. */
export async function createScheduledMeeting(db: Database, network: NetworkRow, day: string, today: string, userId: string) {
  const { schedule, proposals } = await proposedMeetings(db, network, today, 12);
  const proposal = proposals.find((p) => p.day === day);
  if (!schedule || !proposal) throw new FieldError("day", "Esa fecha no es una de las reuniones propuestas.");
  const coordinatorId = await currentCoordinatorId(db, network.id, today);
  const [coordinator] = coordinatorId
    ? await db.select({ id: organizations.id, comunaCode: organizations.comunaCode, address: organizations.address }).from(organizations).where(eq(organizations.id, coordinatorId))
    : [];
  if (!coordinator) throw new FieldError("day", "La red no tiene OMIL coordinadora: defínela antes de programar reuniones.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(activities)
      .values({
        networkId: network.id,
        typeSlug: NETWORK_MEETING_TYPE,
        title: `Reunión mensual de la red (${formatDay(day, "MMMM yyyy")})`,
        startsAt: proposal.startsAt,
        endsAt: proposal.endsAt,
        modality: schedule.modality,
        comunaCode: schedule.modality === "remota" ? null : coordinator.comunaCode,
        address: schedule.modality === "remota" ? "" : (coordinator.address ?? ""),
        status: "programada",
        createdBy: userId,
      })
      .returning();
    await tx.insert(activityHosts).values({ activityId: row.id, organizationId: coordinator.id, role: "host" });
    return row;
  });
}
