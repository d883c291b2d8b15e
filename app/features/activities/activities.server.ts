import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import {
  activities,
  activityHosts,
  activityTasks,
  activityTypes,
  comunas,
  meetingAgendaItems,
  networkMembers,
  networks,
  organizations,
  type ActivityStatus,
} from "~/db/schema";
import type { Actor, MaybeActor } from "~/permissions/actor";
import type { ActivityItemResource } from "~/permissions/rules/activities";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { isUuid } from "~/utils/ids";
import { recordAudit } from "~/features/audit/record.server";
import { FAIR_TYPE, MAYOR_BRIEFING_AGENDA, MAYOR_BRIEFING_TYPE, STATUSES_NEEDING_REASON, STATUS_LABELS, STATUS_TRANSITIONS } from "./labels.ts";
import type { ActivityForm } from "./schema.ts";
import { chileLocalToInstant } from "./time.ts";

export type ActivityRow = typeof activities.$inferSelect;
export type NetworkRow = typeof networks.$inferSelect;
export interface ActivityHost {
  organizationId: string;
  name: string;
  role: "host" | "cohost";
}

/** The permission resource of an activity. */
export function activityResource(
  activity: Pick<ActivityRow, "networkId" | "typeSlug" | "status"> & Partial<Pick<ActivityRow, "minutesClosedAt">>,
  regionCode: string,
  hostIds: readonly string[],
): ActivityItemResource {
  return {
    minutesClosed: !!activity.minutesClosedAt,
    type: "activity",
    networkId: activity.networkId,
    regionCode,
    hostOrganizationIds: hostIds,
    isPublicFair: activity.typeSlug === FAIR_TYPE && (activity.status === "programada" || activity.status === "realizada" || activity.status === "reprogramada"),
  };
}

export async function listActivityTypes(db: DbOrTx) {
  return db.select().from(activityTypes).where(eq(activityTypes.active, true)).orderBy(asc(activityTypes.position));
}

export async function hostsOf(db: DbOrTx, activityIds: string[]): Promise<Map<string, ActivityHost[]>> {
  const map = new Map<string, ActivityHost[]>();
  if (activityIds.length === 0) return map;
  const rows = await db
    .select({ activityId: activityHosts.activityId, organizationId: activityHosts.organizationId, role: activityHosts.role, name: organizations.name })
    .from(activityHosts)
    .innerJoin(organizations, eq(organizations.id, activityHosts.organizationId))
    .where(inArray(activityHosts.activityId, activityIds))
    .orderBy(asc(activityHosts.role), asc(organizations.name));
  for (const r of rows) {
    const list = map.get(r.activityId) ?? [];
    list.push({ organizationId: r.organizationId, name: r.name, role: r.role });
    map.set(r.activityId, list);
  }
  return map;
}

/** The activity if the actor may read it (anonymous: public fairs only), else undefined → 404. */
export async function findReadableActivity(db: DbOrTx, actor: MaybeActor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ activity: activities, network: networks, typeLabel: activityTypes.label, comunaName: comunas.name })
    .from(activities)
    .innerJoin(networks, eq(networks.id, activities.networkId))
    .innerJoin(activityTypes, eq(activityTypes.slug, activities.typeSlug))
    .leftJoin(comunas, eq(comunas.code, activities.comunaCode))
    .where(eq(activities.id, id));
  if (!row) return undefined;
  const hosts = (await hostsOf(db, [row.activity.id])).get(row.activity.id) ?? [];
  const resource = activityResource(row.activity, row.network.regionCode, hosts.map((h) => h.organizationId));
  if (!can(actor, "read", resource)) return undefined;
  return { ...row, hosts, resource };
}
export type ReadableActivity = NonNullable<Awaited<ReturnType<typeof findReadableActivity>>>;

/** Active member offices of a network, for host, owner and attendance choices. */
export async function listNetworkOffices(db: DbOrTx, networkId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, comunaCode: organizations.comunaCode })
    .from(networkMembers)
    .innerJoin(organizations, eq(organizations.id, networkMembers.organizationId))
    .where(and(eq(networkMembers.networkId, networkId), isNull(networkMembers.leftOn)))
    .orderBy(asc(organizations.name));
}

interface Instants {
  startsAt: Date;
  endsAt: Date;
}

/**
 * What the clock allows. A new activity is either planned (starts in the future) or recorded
 * after it happened ("Ya se realizó", starts in the past); an edit keeps a held activity in the
 * past and does not move a planned one into it.
 */
type ClockRule = { kind: "new"; alreadyHeld: boolean } | { kind: "edit"; held: boolean; moved: boolean };

function checkClock(startsAt: Date, now: Date, rule: ClockRule) {
  const started = startsAt <= now;
  if (rule.kind === "new") {
    if (rule.alreadyHeld && !started) {
      throw new FieldError("alreadyHeld", "Solo puedes registrar como realizada una actividad cuya fecha de inicio ya pasó (hora de Chile). Corrige la fecha o desmarca «Ya se realizó».");
    }
    if (!rule.alreadyHeld && started) {
      throw new FieldError("startsAt", "La fecha de inicio ya pasó. Si la actividad ya se realizó, marca «Ya se realizó (registro posterior)» para registrarla; si no, corrige la fecha.");
    }
    return;
  }
  if (rule.held && !started) throw new FieldError("startsAt", "Esta actividad ya se realizó: su inicio no puede quedar en el futuro.");
  if (!rule.held && rule.moved && started) throw new FieldError("startsAt", "La fecha de inicio ya pasó: una actividad sin realizar no puede moverse al pasado.");
}

/** Checks what the form schema cannot: the network's offices, the type, the comuna and the clock. */
async function validateActivity(db: DbOrTx, network: NetworkRow, form: ActivityForm, now: Date, clock: ClockRule): Promise<Instants> {
  const startsAt = chileLocalToInstant(form.startsAt);
  const endsAt = chileLocalToInstant(form.endsAt);
  if (!startsAt) throw new FieldError("startsAt", "Fecha y hora de inicio no válidas.");
  if (!endsAt) throw new FieldError("endsAt", "Fecha y hora de término no válidas.");
  if (endsAt <= startsAt) throw new FieldError("endsAt", "El término debe ser posterior al inicio.");
  checkClock(startsAt, now, clock);
  const [type] = await db.select().from(activityTypes).where(and(eq(activityTypes.slug, form.typeSlug), eq(activityTypes.active, true)));
  if (!type) throw new FieldError("typeSlug", "Elige un tipo de actividad de la lista.");
  const offices = await listNetworkOffices(db, network.id);
  const members = new Map(offices.map((o) => [o.id, o.name]));
  if (!members.has(form.hostOrganizationId)) throw new FieldError("hostOrganizationId", "La OMIL anfitriona debe ser miembro de la red.");
  for (const id of form.cohostIds) {
    if (!members.has(id)) {
      const [org] = isUuid(id) ? await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id)) : [];
      throw new FieldError("cohostIds", `${org?.name ?? "Esa oficina"} no es miembro de la red: solo las OMIL de la red pueden ser coanfitrionas.`);
    }
  }
  if (form.comunaCode) {
    const [comuna] = await db.select().from(comunas).where(eq(comunas.code, form.comunaCode));
    if (!comuna) throw new FieldError("comunaCode", "Elige una comuna de la lista.");
  }
  return { startsAt, endsAt };
}

function columnsOf(form: ActivityForm, instants: Instants) {
  return {
    typeSlug: form.typeSlug,
    title: form.title,
    startsAt: instants.startsAt,
    endsAt: instants.endsAt,
    modality: form.modality,
    comunaCode: form.comunaCode ?? null,
    address: form.address,
    onlineUrl: form.onlineUrl,
    personInCharge: form.personInCharge,
    audience: form.audience,
    notes: form.notes,
  };
}

async function writeHosts(tx: DbOrTx, activityId: string, form: ActivityForm) {
  await tx.delete(activityHosts).where(eq(activityHosts.activityId, activityId));
  await tx.insert(activityHosts).values([
    { activityId, organizationId: form.hostOrganizationId, role: "host" as const },
    ...[...new Set(form.cohostIds)].map((organizationId) => ({ activityId, organizationId, role: "cohost" as const })),
  ]);
}

export const activityAuditResource = (a: Pick<ActivityRow, "id" | "title">) => ({ type: "activity" as const, id: a.id, label: a.title });

/**
 * Creates a draft, or, for an activity that already happened, a held one marked
 * "registro posterior" (its results can be entered at once; no reminder is due, it is past).
 */
export async function createActivity(db: Database, network: NetworkRow, form: ActivityForm, actor: Actor, now = new Date()) {
  const instants = await validateActivity(db, network, form, now, { kind: "new", alreadyHeld: form.alreadyHeld });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(activities)
      .values({
        ...columnsOf(form, instants),
        networkId: network.id,
        status: form.alreadyHeld ? "realizada" : "borrador",
        recordedAfter: form.alreadyHeld ? now : null,
        createdBy: actor.userId,
      })
      .returning();
    await writeHosts(tx, row.id, form);
    if (form.typeSlug === MAYOR_BRIEFING_TYPE) {
      await tx.insert(meetingAgendaItems).values(MAYOR_BRIEFING_AGENDA.map((item, position) => ({ ...item, position, activityId: row.id })));
    }
    await recordAudit(tx, { action: "activity.created", resource: activityAuditResource(row), networkId: network.id, regionCode: network.regionCode, actor, details: { tipo: row.typeSlug, registro_posterior: !!row.recordedAfter } });
    return row;
  });
}

export async function updateActivity(db: Database, network: NetworkRow, activity: ActivityRow, form: ActivityForm, now = new Date()) {
  const moved = form.startsAt !== undefined && chileLocalToInstant(form.startsAt)?.getTime() !== activity.startsAt.getTime();
  const instants = await validateActivity(db, network, form, now, { kind: "edit", held: activity.status === "realizada", moved });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(activities)
      .set({ ...columnsOf(form, instants), updatedAt: sql`now()` })
      .where(and(eq(activities.id, activity.id), eq(activities.networkId, network.id)))
      .returning();
    await writeHosts(tx, activity.id, form);
    await recordAudit(tx, { action: "activity.updated", resource: activityAuditResource(row), networkId: network.id, regionCode: network.regionCode });
    return row;
  });
}

/** Only an activity that has started can be held: "Realizada" before its start is refused. */
export const hasStarted = (activity: Pick<ActivityRow, "startsAt">, now = new Date()) => activity.startsAt.getTime() <= now.getTime();

export async function changeStatus(db: DbOrTx, activity: ActivityRow, status: ActivityStatus, reason: string, now = new Date()) {
  if (!STATUS_TRANSITIONS[activity.status].includes(status)) {
    throw new FieldError("status", `No se puede pasar de «${STATUS_LABELS[activity.status]}» a «${STATUS_LABELS[status]}».`);
  }
  if (status === "realizada" && !hasStarted(activity, now)) {
    throw new FieldError("status", `Todavía no puedes marcarla como realizada: comienza el ${formatDateTime(activity.startsAt)} (hora de Chile).`);
  }
  if (STATUSES_NEEDING_REASON.includes(status) && !reason) throw new FieldError("reason", "Indica el motivo de la cancelación o reprogramación.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(activities)
      .set({ status, statusReason: reason, updatedAt: sql`now()` })
      .where(eq(activities.id, activity.id))
      .returning();
    await recordAudit(tx, { action: "activity.status_changed", resource: activityAuditResource(activity), networkId: activity.networkId, details: { de: STATUS_LABELS[activity.status], a: STATUS_LABELS[status], motivo: reason || null } });
    return row;
  });
}

export async function listTasks(db: DbOrTx, activityId: string) {
  return db
    .select({
      id: activityTasks.id,
      title: activityTasks.title,
      ownerOrganizationId: activityTasks.ownerOrganizationId,
      ownerOrganizationName: organizations.name,
      ownerPerson: activityTasks.ownerPerson,
      dueOn: activityTasks.dueOn,
      doneAt: activityTasks.doneAt,
    })
    .from(activityTasks)
    .leftJoin(organizations, eq(organizations.id, activityTasks.ownerOrganizationId))
    .where(eq(activityTasks.activityId, activityId))
    .orderBy(asc(activityTasks.dueOn), asc(activityTasks.createdAt));
}

/** Each office's share of the tasks (done/total), for co-hosted activities. */
export function taskShares(tasks: Awaited<ReturnType<typeof listTasks>>, hosts: ActivityHost[]) {
  return hosts.map((h) => {
    const own = tasks.filter((t) => t.ownerOrganizationId === h.organizationId);
    return {
      organizationId: h.organizationId,
      name: h.name,
      total: own.length,
      done: own.filter((t) => t.doneAt).length,
      percentOfAll: tasks.length === 0 ? 0 : Math.round((own.length / tasks.length) * 100),
    };
  });
}

export async function addTask(db: DbOrTx, activity: ActivityRow, input: { title: string; ownerOrganizationId?: string; ownerPerson: string; dueOn?: string }) {
  if (input.ownerOrganizationId) {
    const offices = await listNetworkOffices(db, activity.networkId);
    if (!offices.some((o) => o.id === input.ownerOrganizationId)) throw new FieldError("ownerOrganizationId", "La OMIL responsable debe ser miembro de la red.");
  }
  await db.insert(activityTasks).values({
    activityId: activity.id,
    title: input.title,
    ownerOrganizationId: input.ownerOrganizationId ?? null,
    ownerPerson: input.ownerPerson,
    dueOn: input.dueOn ?? null,
  });
}

export async function toggleTask(db: DbOrTx, activity: ActivityRow, taskId: string) {
  const [task] = await db.select().from(activityTasks).where(and(eq(activityTasks.id, taskId), eq(activityTasks.activityId, activity.id)));
  if (!task) throw new FieldError("taskId", "La tarea no existe.");
  await db
    .update(activityTasks)
    .set({ doneAt: task.doneAt ? null : new Date() })
    .where(eq(activityTasks.id, task.id));
}
