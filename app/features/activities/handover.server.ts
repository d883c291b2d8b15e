import { and, asc, desc, eq, gt, gte, inArray, isNull, notInArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { activities, activityHosts, agreements, coordinatorHandovers, organizations } from "~/db/schema";
import type { RotationHook } from "~/features/networks/networks.server";
import { NETWORK_MEETING_TYPE } from "./labels.ts";

/*
 * Coordinator rotation: inside the rotation's transaction, the open
 * agreements owned by the outgoing coordinator and the upcoming network
 * meetings it hosts move to the incoming one; what moved is recorded for the
 * handover summary page.
 */
export const moveToNewCoordinator: RotationHook = async (tx, change) => {
  const movedAgreementIds: string[] = [];
  const movedMeetingIds: string[] = [];
  if (change.fromOrganizationId) {
    const moved = await tx
      .update(agreements)
      .set({ ownerOrganizationId: change.toOrganizationId, updatedAt: new Date() })
      .where(and(eq(agreements.networkId, change.networkId), eq(agreements.ownerOrganizationId, change.fromOrganizationId), isNull(agreements.closedAt)))
      .returning({ id: agreements.id });
    movedAgreementIds.push(...moved.map((r) => r.id));

    const upcoming = await tx
      .select({ id: activities.id })
      .from(activities)
      .innerJoin(activityHosts, and(eq(activityHosts.activityId, activities.id), eq(activityHosts.role, "host")))
      .where(
        and(
          eq(activities.networkId, change.networkId),
          eq(activities.typeSlug, NETWORK_MEETING_TYPE),
          gt(activities.startsAt, new Date()),
          notInArray(activities.status, ["realizada", "cancelada"]),
          eq(activityHosts.organizationId, change.fromOrganizationId),
        ),
      );
    for (const { id } of upcoming) {
      // The new coordinator may have been a co-host: it becomes the host, the old one a co-host.
      await tx.delete(activityHosts).where(and(eq(activityHosts.activityId, id), eq(activityHosts.organizationId, change.toOrganizationId)));
      await tx.update(activityHosts).set({ organizationId: change.toOrganizationId }).where(and(eq(activityHosts.activityId, id), eq(activityHosts.role, "host")));
      await tx.insert(activityHosts).values({ activityId: id, organizationId: change.fromOrganizationId, role: "cohost" });
      movedMeetingIds.push(id);
    }
  }
  await tx.insert(coordinatorHandovers).values({
    networkId: change.networkId,
    fromOrganizationId: change.fromOrganizationId,
    toOrganizationId: change.toOrganizationId,
    movedAgreementIds,
    movedMeetingIds,
    createdBy: change.actorUserId,
  });
};

/** The latest handover of a network with what it moved (as they are now). */
export async function latestHandover(db: DbOrTx, networkId: string) {
  const [handover] = await db.select().from(coordinatorHandovers).where(eq(coordinatorHandovers.networkId, networkId)).orderBy(desc(coordinatorHandovers.createdAt)).limit(1);
  if (!handover) return null;
  const orgIds = [handover.toOrganizationId, handover.fromOrganizationId].filter((x): x is string => !!x);
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds));
  const name = (id: string | null) => orgs.find((o) => o.id === id)?.name ?? null;
  const movedAgreements = handover.movedAgreementIds.length
    ? await db.select().from(agreements).where(inArray(agreements.id, handover.movedAgreementIds))
    : [];
  const movedMeetings = handover.movedMeetingIds.length
    ? await db.select().from(activities).where(inArray(activities.id, handover.movedMeetingIds))
    : [];
  return { handover, fromName: name(handover.fromOrganizationId), toName: name(handover.toOrganizationId), movedAgreements, movedMeetings };
}

/** What is still ahead for the network (the handover page): upcoming activities not yet done or cancelled. */
export async function listUpcomingActivities(db: DbOrTx, networkId: string, now = new Date(), limit = 20) {
  return db
    .select({ id: activities.id, title: activities.title, startsAt: activities.startsAt, status: activities.status })
    .from(activities)
    .where(and(eq(activities.networkId, networkId), gte(activities.startsAt, now), inArray(activities.status, ["borrador", "programada", "reprogramada"])))
    .orderBy(asc(activities.startsAt))
    .limit(limit);
}
