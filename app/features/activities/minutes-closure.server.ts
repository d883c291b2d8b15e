import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { formatDocumentName } from "~/collab/document-name";
import type { Database, DbOrTx } from "~/db/client.server";
import { activities, meetingMinutesEvents } from "~/db/schema";
import { recordAudit } from "~/features/audit/record.server";
import type { Actor } from "~/permissions/actor";
import { revalidateCollabAccess } from "~/permissions/collab-revalidate.server";
import { FieldError } from "~/utils/errors";
import type { ActivityRow } from "./activities.server.ts";

/*
 * Closing a held meeting's minutes ("Cerrar acta"). While closed, the
 * permission module answers no to edit_minutes and manage_agenda (the resource
 * carries `minutesClosed`), so the page hides the forms, the actions refuse
 * them and the collab server gives read access only; live sockets are
 * downgraded at once by revalidating the meeting's document. Reopening is an
 * explicit act with a reason. Both are kept in meeting_minutes_events and in
 * the audit log, in the same transaction as the change.
 */

export const MINUTES_CLOSED_MESSAGE =
  "La minuta de esta reunión está cerrada: sus datos, la tabla, la asistencia y la minuta ya no se pueden cambiar. Pide a la coordinación de la red que la reabra.";

type Meeting = { activity: ActivityRow; network: { id: string; regionCode: string } };

const liveMinutes = (activityId: string) => formatDocumentName({ kind: "meeting", id: activityId });

export async function closeMinutes(db: Database, meeting: Meeting, actor: Actor) {
  const { activity, network } = meeting;
  if (activity.status !== "realizada") throw new FieldError("intent", "Solo puedes cerrar la minuta de una reunión realizada: primero márcala como realizada.");
  const closed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(activities)
      .set({ minutesClosedAt: sql`now()` })
      .where(and(eq(activities.id, activity.id), isNull(activities.minutesClosedAt)))
      .returning({ id: activities.id });
    if (!row) return false;
    await tx.insert(meetingMinutesEvents).values({ activityId: activity.id, kind: "cerrada", userId: actor.userId, userName: actor.name, organizationName: actor.organizationName });
    await recordAudit(tx, {
      action: "meeting.minutes_closed",
      resource: { type: "activity", id: activity.id, label: activity.title },
      networkId: network.id,
      regionCode: network.regionCode,
      actor,
    });
    return true;
  });
  if (!closed) throw new FieldError("intent", "La minuta ya estaba cerrada.");
  await revalidateCollabAccess({ documentName: liveMinutes(activity.id) });
}

export async function reopenMinutes(db: Database, meeting: Meeting, actor: Actor, reason: string) {
  const { activity, network } = meeting;
  const reopened = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(activities)
      .set({ minutesClosedAt: null })
      .where(and(eq(activities.id, activity.id), isNotNull(activities.minutesClosedAt)))
      .returning({ id: activities.id });
    if (!row) return false;
    await tx
      .insert(meetingMinutesEvents)
      .values({ activityId: activity.id, kind: "reabierta", userId: actor.userId, userName: actor.name, organizationName: actor.organizationName, reason });
    await recordAudit(tx, {
      action: "meeting.minutes_reopened",
      resource: { type: "activity", id: activity.id, label: activity.title },
      networkId: network.id,
      regionCode: network.regionCode,
      details: { motivo: reason },
      actor,
    });
    return true;
  });
  if (!reopened) throw new FieldError("reason", "La minuta no está cerrada: no hay nada que reabrir.");
  // Members get edit access back on their next check; sockets open now are re-checked too.
  await revalidateCollabAccess({ documentName: liveMinutes(activity.id) });
}

/** Who closed and reopened the minutes, and when (oldest first). */
export async function listMinutesEvents(db: DbOrTx, activityId: string) {
  return db
    .select({ kind: meetingMinutesEvents.kind, userName: meetingMinutesEvents.userName, organizationName: meetingMinutesEvents.organizationName, reason: meetingMinutesEvents.reason, at: meetingMinutesEvents.at })
    .from(meetingMinutesEvents)
    .where(eq(meetingMinutesEvents.activityId, activityId))
    .orderBy(asc(meetingMinutesEvents.at), asc(meetingMinutesEvents.id));
}
