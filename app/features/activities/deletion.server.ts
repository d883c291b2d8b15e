import { and, eq, like, or } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { activities, activityResults, activityResultValues, collabDocuments, collabUpdates, notifications } from "~/db/schema";
import { formatDocumentName } from "~/collab/document-name";
import { revalidateCollabAccess } from "~/permissions/collab-revalidate.server";
import { FieldError } from "~/utils/errors";
import { recordAudit } from "~/features/audit/record.server";
import type { ActivityRow } from "./activities.server.ts";
import { STATUS_LABELS, STATUS_TRANSITIONS } from "./labels.ts";
import { getLogger } from "~/utils/logger.server";

/*
 * Deleting an activity. Only an activity that has not happened yet and has no
 * recorded results may be deleted: anything else is part of the network's
 * history (and may feed its goals), so it can only be cancelled with a reason.
 * Who may delete is decided by `can(actor, "delete", resource)`; this module
 * decides whether this activity can still be deleted at all.
 */

export type DeletionCheck = { deletable: true } | { deletable: false; reason: string };

async function hasResults(db: DbOrTx, activityId: string) {
  const [form] = await db.select({ id: activityResults.activityId }).from(activityResults).where(eq(activityResults.activityId, activityId)).limit(1);
  if (form) return true;
  const [value] = await db.select({ id: activityResultValues.id }).from(activityResultValues).where(eq(activityResultValues.activityId, activityId)).limit(1);
  return !!value;
}

function cancelHint(activity: Pick<ActivityRow, "status">) {
  return STATUS_TRANSITIONS[activity.status].includes("cancelada")
    ? "Si no se realizará, cámbiala a «Cancelada» indicando el motivo."
    : "Queda en el historial de la red con su estado actual.";
}

/** Whether the activity may still be deleted, with the Spanish explanation when not. */
export async function activityDeletion(db: DbOrTx, activity: Pick<ActivityRow, "id" | "status" | "startsAt">, now = new Date()): Promise<DeletionCheck> {
  if (await hasResults(db, activity.id)) {
    return { deletable: false, reason: `Esta actividad tiene resultados registrados, que cuentan para las metas de la red: no se puede eliminar. ${cancelHint(activity)}` };
  }
  if (activity.status === "realizada" || activity.startsAt.getTime() <= now.getTime()) {
    return { deletable: false, reason: `Esta actividad ya comenzó o se realizó y forma parte del historial de la red: no se puede eliminar. ${cancelHint(activity)}` };
  }
  return { deletable: true };
}

/** The live minutes' stored Y.Doc (snapshot and update log) of a meeting. */
export async function removeMeetingCollabState(db: DbOrTx, activityId: string) {
  const name = formatDocumentName({ kind: "meeting", id: activityId });
  await db.delete(collabUpdates).where(eq(collabUpdates.name, name));
  await db.delete(collabDocuments).where(eq(collabDocuments.name, name));
}

export async function activityExists(db: DbOrTx, activityId: string) {
  const [row] = await db.select({ id: activities.id }).from(activities).where(eq(activities.id, activityId));
  return !!row;
}

/**
 * Deletes the activity in one transaction: hosts and co-hosts, tasks, agenda,
 * attendance and minutes go by FK cascade; agreements taken in it stay as the
 * network's agreements (activity set to null); its live-minutes document and
 * the reminders pointing to it are removed here. Re-checks deletability under
 * a row lock, so a result saved meanwhile wins. Throws FieldError("confirm").
 */
export async function deleteActivity(db: Database, activityId: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [activity] = await tx.select().from(activities).where(eq(activities.id, activityId)).for("update");
    if (!activity) throw new FieldError("confirm", "La actividad ya no existe.");
    const check = await activityDeletion(tx, activity, now);
    if (!check.deletable) throw new FieldError("confirm", check.reason);
    await tx
      .delete(notifications)
      .where(or(like(notifications.url, `/actividades/${activity.id}%`), like(notifications.url, `/reuniones/${activity.id}%`), like(notifications.dedupeKey, `activity:${activity.id}:%`)));
    await removeMeetingCollabState(tx, activity.id);
    await tx.delete(activities).where(and(eq(activities.id, activity.id), eq(activities.networkId, activity.networkId)));
    await recordAudit(tx, { action: "activity.deleted", resource: { type: "activity", id: activity.id, label: activity.title }, networkId: activity.networkId, details: { estado: STATUS_LABELS[activity.status] } });
  });
  // Close live minutes sockets at once (their access resolver now finds nothing). The deletion is
  // already committed, so a failure here must not turn it into an error page.
  try {
    await revalidateCollabAccess({ documentName: formatDocumentName({ kind: "meeting", id: activityId }) });
  } catch (error) {
    getLogger().warn({ err: error }, "[activities] no se pudieron cerrar las conexiones de la minuta eliminada");
  }
}
