import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { activities, agreements, meetingAgendaItems, meetingAttendance, meetingMinutes, meetingSchedules, organizations, type AgreementOwnerRole, type AgreementStatus, type AttendanceStatus } from "~/db/schema";
import { FieldError } from "~/utils/errors";
import { recordAudit } from "~/features/audit/record.server";
import type { ActivityRow } from "./activities.server.ts";
import { listNetworkOffices } from "./activities.server.ts";
import { NETWORK_MEETING_TYPE } from "./labels.ts";

export async function listAgenda(db: DbOrTx, activityId: string) {
  return db
    .select()
    .from(meetingAgendaItems)
    .where(eq(meetingAgendaItems.activityId, activityId))
    .orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.createdAt), asc(meetingAgendaItems.id));
}

export type AgendaItemInput = { title: string; presenter: string; minutes: number };

/**
 * Serialises agenda changes of one meeting (adds, edits, moves, removals) by
 * locking its activity row, so positions stay 0..n-1 without gaps or twins.
 */
async function lockAgenda(tx: DbOrTx, activityId: string) {
  await tx.select({ id: activities.id }).from(activities).where(eq(activities.id, activityId)).for("update");
}

/** The meeting's items in agenda order (ties by creation), inside a transaction that holds the lock. */
async function orderedItems(tx: DbOrTx, activityId: string) {
  return tx
    .select({ id: meetingAgendaItems.id, position: meetingAgendaItems.position })
    .from(meetingAgendaItems)
    .where(eq(meetingAgendaItems.activityId, activityId))
    .orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.createdAt), asc(meetingAgendaItems.id));
}

/** Writes position = index for every item whose stored position differs. */
async function writePositions(tx: DbOrTx, items: { id: string; position: number }[]) {
  for (const [index, item] of items.entries()) {
    if (item.position !== index) await tx.update(meetingAgendaItems).set({ position: index }).where(eq(meetingAgendaItems.id, item.id));
  }
}

export async function addAgendaItem(db: Database, activityId: string, item: AgendaItemInput) {
  await db.transaction(async (tx) => {
    await lockAgenda(tx, activityId);
    const items = await orderedItems(tx, activityId);
    await writePositions(tx, items);
    await tx.insert(meetingAgendaItems).values({ ...item, activityId, position: items.length });
  });
}

/** The item if it belongs to this meeting; undefined answers 404 (a foreign or unknown id). */
export async function findAgendaItem(db: DbOrTx, activityId: string, itemId: string) {
  const [row] = await db
    .select()
    .from(meetingAgendaItems)
    .where(and(eq(meetingAgendaItems.id, itemId), eq(meetingAgendaItems.activityId, activityId)));
  return row;
}

/** Edits an item's title, presenter and minutes in place (its position does not change). */
export async function updateAgendaItem(db: DbOrTx, activityId: string, itemId: string, item: AgendaItemInput) {
  const rows = await db
    .update(meetingAgendaItems)
    .set({ title: item.title, presenter: item.presenter, minutes: item.minutes })
    .where(and(eq(meetingAgendaItems.id, itemId), eq(meetingAgendaItems.activityId, activityId)))
    .returning({ id: meetingAgendaItems.id });
  return rows.length > 0;
}

/**
 * Moves an item one place up or down, swapping it with its neighbour, in one
 * transaction that also closes any gap left by older data: positions end 0..n-1.
 * Returns false when the item is not on this meeting's agenda.
 */
export async function moveAgendaItem(db: Database, activityId: string, itemId: string, direction: "up" | "down") {
  return db.transaction(async (tx) => {
    await lockAgenda(tx, activityId);
    const items = await orderedItems(tx, activityId);
    const index = items.findIndex((i) => i.id === itemId);
    if (index === -1) return false;
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0) throw new FieldError("direction", "Ese tema ya es el primero de la tabla.");
    if (target >= items.length) throw new FieldError("direction", "Ese tema ya es el último de la tabla.");
    const reordered = items.map((i) => ({ ...i }));
    [reordered[index], reordered[target]] = [reordered[target], reordered[index]];
    // Only the two swapped rows (and any gap) change; the original positions say which rows to write.
    await writePositions(tx, reordered);
    return true;
  });
}

/** Removes an item and closes the gap, in one transaction. */
export async function removeAgendaItem(db: Database, activityId: string, itemId: string) {
  await db.transaction(async (tx) => {
    await lockAgenda(tx, activityId);
    await tx.delete(meetingAgendaItems).where(and(eq(meetingAgendaItems.id, itemId), eq(meetingAgendaItems.activityId, activityId)));
    await writePositions(tx, await orderedItems(tx, activityId));
  });
}

/** Planned minutes against the meeting's length. */
export function agendaBudget(items: { minutes: number }[], activity: Pick<ActivityRow, "startsAt" | "endsAt">) {
  const planned = items.reduce((sum, i) => sum + i.minutes, 0);
  const available = Math.round((activity.endsAt.getTime() - activity.startsAt.getTime()) / 60_000);
  return { planned, available, over: planned > available };
}

const agreementColumns = {
  id: agreements.id,
  networkId: agreements.networkId,
  activityId: agreements.activityId,
  text: agreements.text,
  ownerOrganizationId: agreements.ownerOrganizationId,
  ownerOrganizationName: organizations.name,
  ownerPerson: agreements.ownerPerson,
  ownerRole: agreements.ownerRole,
  dueOn: agreements.dueOn,
  status: agreements.status,
  closingNote: agreements.closingNote,
  closedAt: agreements.closedAt,
  createdAt: agreements.createdAt,
};
export type AgreementView = {
  id: string;
  networkId: string;
  activityId: string | null;
  text: string;
  ownerOrganizationId: string | null;
  ownerOrganizationName: string | null;
  ownerPerson: string;
  ownerRole: AgreementOwnerRole;
  dueOn: string;
  status: AgreementStatus;
  closingNote: string;
  closedAt: Date | null;
  createdAt: Date;
};

/** Agreements taken in this meeting. */
export async function agreementsOf(db: DbOrTx, activityId: string): Promise<AgreementView[]> {
  return db
    .select(agreementColumns)
    .from(agreements)
    .leftJoin(organizations, eq(organizations.id, agreements.ownerOrganizationId))
    .where(eq(agreements.activityId, activityId))
    .orderBy(asc(agreements.dueOn), asc(agreements.createdAt));
}

/**
 * Open agreements carried onto a network meeting's agenda: taken before the
 * meeting (in an earlier meeting or outside one) and not closed before it
 * started. Computed, not copied, so closing one removes it from every later
 * meeting while past meetings still show what was followed up then.
 */
export async function carriedAgreements(db: DbOrTx, meeting: ActivityRow): Promise<AgreementView[]> {
  if (meeting.typeSlug !== NETWORK_MEETING_TYPE) return [];
  const origin = db.select({ id: activities.id }).from(activities).where(and(eq(activities.networkId, meeting.networkId), lt(activities.startsAt, meeting.startsAt)));
  return db
    .select(agreementColumns)
    .from(agreements)
    .leftJoin(organizations, eq(organizations.id, agreements.ownerOrganizationId))
    .where(
      and(
        eq(agreements.networkId, meeting.networkId),
        or(inArray(agreements.activityId, origin), and(isNull(agreements.activityId), lt(agreements.createdAt, meeting.startsAt))),
        or(isNull(agreements.closedAt), gte(agreements.closedAt, meeting.startsAt)),
      ),
    )
    .orderBy(asc(agreements.dueOn));
}

/** Every open agreement of some networks (follow-up list, briefing, reminders). */
export async function openAgreements(db: DbOrTx, networkIds: string[]): Promise<AgreementView[]> {
  if (networkIds.length === 0) return [];
  return db
    .select(agreementColumns)
    .from(agreements)
    .leftJoin(organizations, eq(organizations.id, agreements.ownerOrganizationId))
    .where(and(inArray(agreements.networkId, networkIds), isNull(agreements.closedAt)))
    .orderBy(asc(agreements.dueOn));
}

export async function createAgreement(
  db: DbOrTx,
  meeting: ActivityRow,
  input: { text: string; ownerOrganizationId?: string; ownerPerson: string; ownerRole?: AgreementOwnerRole; dueOn: string },
  userId: string,
) {
  if (!input.ownerOrganizationId && !input.ownerPerson) throw new FieldError("ownerOrganizationId", "Indica la OMIL o la persona responsable del acuerdo.");
  if (input.ownerOrganizationId) {
    const offices = await listNetworkOffices(db, meeting.networkId);
    if (!offices.some((o) => o.id === input.ownerOrganizationId)) throw new FieldError("ownerOrganizationId", "La OMIL responsable debe ser miembro de la red.");
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agreements)
      .values({
        networkId: meeting.networkId,
        activityId: meeting.id,
        text: input.text,
        ownerOrganizationId: input.ownerOrganizationId ?? null,
        ownerPerson: input.ownerPerson,
        ownerRole: input.ownerRole ?? "oficina",
        dueOn: input.dueOn,
        createdBy: userId,
      })
      .returning();
    await recordAudit(tx, { action: "agreement.created", resource: agreementAuditResource(row), networkId: row.networkId, details: { reunion: meeting.title, plazo: row.dueOn } });
    return row;
  });
}

const agreementAuditResource = (a: Pick<typeof agreements.$inferSelect, "id" | "text">) => ({ type: "agreement" as const, id: a.id, label: a.text.length > 120 ? `${a.text.slice(0, 119)}…` : a.text });

export async function findAgreementInNetwork(db: DbOrTx, networkId: string, agreementId: string) {
  const [row] = await db.select().from(agreements).where(and(eq(agreements.id, agreementId), eq(agreements.networkId, networkId)));
  return row;
}

/** Progress or closing; "cumplido" closes it with a note and takes it off later agendas. */
export async function updateAgreement(db: DbOrTx, agreement: typeof agreements.$inferSelect, status: AgreementStatus, closingNote: string) {
  if (status === "cumplido" && !closingNote) throw new FieldError("closingNote", "Para cerrar el acuerdo, escribe una nota de cierre.");
  const closing = status === "cumplido";
  await db.transaction(async (tx) => {
    await tx
      .update(agreements)
      .set({ status, closingNote: closing ? closingNote : agreement.closingNote, closedAt: closing ? (agreement.closedAt ?? new Date()) : null, updatedAt: sql`now()` })
      .where(eq(agreements.id, agreement.id));
    // Closing is the event the log keeps (progress notes stay on the agreement itself).
    if (closing && !agreement.closedAt) await recordAudit(tx, { action: "agreement.closed", resource: agreementAuditResource(agreement), networkId: agreement.networkId, details: { nota: closingNote } });
  });
}

export async function listAttendance(db: DbOrTx, activityId: string) {
  const rows = await db.select().from(meetingAttendance).where(eq(meetingAttendance.activityId, activityId));
  return Object.fromEntries(rows.map((r) => [r.organizationId, r.status])) as Record<string, AttendanceStatus>;
}

/** Replaces the attendance of the network's member offices. */
export async function saveAttendance(db: Database, meeting: ActivityRow, attendance: Record<string, AttendanceStatus>) {
  const offices = await listNetworkOffices(db, meeting.networkId);
  const allowed = new Set(offices.map((o) => o.id));
  const rows = Object.entries(attendance)
    .filter(([id]) => allowed.has(id))
    .map(([organizationId, status]) => ({ activityId: meeting.id, organizationId, status }));
  await db.transaction(async (tx) => {
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.activityId, meeting.id));
    if (rows.length > 0) await tx.insert(meetingAttendance).values(rows);
  });
}

export async function loadMinutes(db: DbOrTx, activityId: string) {
  const [row] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.activityId, activityId));
  return row ?? null;
}

/** Keeps the text and HTML derived from the Y.Doc (the collab server's stored hook). */
export async function storeMinutes(db: DbOrTx, activityId: string, minutes: { text: string; html: string }) {
  await db
    .insert(meetingMinutes)
    .values({ activityId, text: minutes.text, html: minutes.html })
    .onConflictDoUpdate({ target: meetingMinutes.activityId, set: { text: minutes.text, html: minutes.html, updatedAt: new Date() } });
}

export async function loadSchedule(db: DbOrTx, networkId: string) {
  const [row] = await db.select().from(meetingSchedules).where(eq(meetingSchedules.networkId, networkId));
  return row ?? null;
}

export async function saveSchedule(db: DbOrTx, networkId: string, rule: { ordinal: number; weekday: number; startTime: string; durationMinutes: number; modality: "presencial" | "remota" | "hibrida" }) {
  await db
    .insert(meetingSchedules)
    .values({ networkId, ...rule })
    .onConflictDoUpdate({ target: meetingSchedules.networkId, set: { ...rule, updatedAt: new Date() } });
}

/** Network meetings, most recent first. */
export async function listNetworkMeetings(db: DbOrTx, networkId: string) {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.networkId, networkId), eq(activities.typeSlug, NETWORK_MEETING_TYPE)))
    .orderBy(desc(activities.startsAt));
}
