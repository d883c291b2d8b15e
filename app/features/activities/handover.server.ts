import { and, asc, desc, eq, gt, gte, inArray, isNull, notInArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { activities, activityHosts, agreements, coordinatorHandovers, organizations } from "~/db/schema";
import type { RotationHook } from "~/features/networks/rotation.server";
import { NETWORK_MEETING_TYPE } from "./labels.ts";

/*
 * Coordinator rotation, on its start date (docs/decisions/0130): inside the
 * handover's transaction, the open agreements the outgoing office holds *as
 * the network's coordination* (owner_role "coordinacion") and the upcoming
 * network meetings it hosts move to the incoming one; the office's own tasks
 * (owner_role "oficina") stay. What moved is recorded for the handover page.
 */
export const moveToNewCoordinator: RotationHook = async (tx, change) => {
  const movedAgreementIds: string[] = [];
  const movedMeetingIds: string[] = [];
  if (change.fromOrganizationId) {
    const moved = await tx
      .update(agreements)
      .set({ ownerOrganizationId: change.toOrganizationId, updatedAt: new Date() })
      .where(
        and(
          eq(agreements.networkId, change.networkId),
          eq(agreements.ownerOrganizationId, change.fromOrganizationId),
          eq(agreements.ownerRole, "coordinacion"),
          isNull(agreements.closedAt),
        ),
      )
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

/** Open agreements of an office in a network, for the handover choice (coordination tasks first). */
export async function openAgreementsOfOffice(db: DbOrTx, networkId: string, organizationId: string) {
  return db
    .select({ id: agreements.id, text: agreements.text, dueOn: agreements.dueOn, ownerRole: agreements.ownerRole, ownerPerson: agreements.ownerPerson })
    .from(agreements)
    .where(and(eq(agreements.networkId, networkId), eq(agreements.ownerOrganizationId, organizationId), isNull(agreements.closedAt)))
    .orderBy(asc(agreements.ownerRole), asc(agreements.dueOn));
}

/**
 * The outgoing coordinator's choice: of the listed open agreements its office
 * holds in the network, the ticked ones become coordination tasks (they move
 * at the handover), the others its own tasks (they stay). Ids outside that
 * set are ignored. Returns how many agreements were considered.
 */
export async function setHandoverChoice(db: DbOrTx, networkId: string, organizationId: string, listedIds: readonly string[], movingIds: readonly string[]) {
  const own = await openAgreementsOfOffice(db, networkId, organizationId);
  const listed = own.filter((a) => listedIds.includes(a.id));
  for (const a of listed) {
    const ownerRole = movingIds.includes(a.id) ? ("coordinacion" as const) : ("oficina" as const);
    if (a.ownerRole !== ownerRole) await db.update(agreements).set({ ownerRole, updatedAt: new Date() }).where(eq(agreements.id, a.id));
  }
  return listed.length;
}
