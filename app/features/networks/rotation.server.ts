import { and, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { networkCoordinators, networkMembers, networks, organizations, user } from "~/db/schema";
import type { Actor } from "~/permissions/actor";
import { recordAudit } from "~/features/audit/record.server";
import { notifyPerson } from "~/notifications/notify.server";
import { FieldError } from "~/utils/errors";
import { formatDay, todayInChile } from "~/utils/dates";
import { currentCoordinator, scheduledRotation } from "./coordination.server.ts";

/*
 * Coordinator rotation, scheduled (docs/decisions/0130): the incoming term is
 * stored with its start date and the outgoing term ends that day, so the
 * outgoing office keeps the role until then (coordination.server.ts decides
 * who coordinates from the dates alone). The handover — the features'
 * rotation hooks (moving the coordination's agreements and meetings) and the
 * notices — runs once, on the start date, from the `networks-coordinator-handover`
 * job (or at once when the rotation starts today).
 */

export interface RotationChange {
  networkId: string;
  fromOrganizationId: string | null;
  toOrganizationId: string;
  /** Who scheduled the rotation (null when that account is gone). */
  actorUserId: string | null;
}

export interface RotationHook {
  (tx: DbOrTx, change: RotationChange): Promise<void>;
}

export interface RotationInput {
  organizationId: string;
  year: number;
  startedOn: string;
  note: string;
}

async function peopleOf(db: DbOrTx, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db.select({ id: user.id, email: user.email }).from(user).where(and(inArray(user.organizationId, organizationIds), eq(user.active, true)));
}

async function organizationName(db: DbOrTx, id: string | null) {
  if (!id) return null;
  const [row] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id));
  return row?.name ?? null;
}

async function notifyBothOffices(
  tx: DbOrTx,
  input: { networkId: string; termId: string; fromOrganizationId: string | null; toOrganizationId: string; startedOn: string; stage: "programada" | "vigente" },
) {
  const [network] = await tx.select({ name: networks.name }).from(networks).where(eq(networks.id, input.networkId));
  const fromName = await organizationName(tx, input.fromOrganizationId);
  const toName = (await organizationName(tx, input.toOrganizationId)) ?? "la nueva OMIL";
  const scheduled = input.stage === "programada";
  const notice = {
    kind: scheduled ? "coordination_rotation_scheduled" : "coordination_rotation_effective",
    title: scheduled
      ? `Traspaso de coordinación programado: ${network?.name ?? "red"}`
      : `${toName} coordina desde hoy ${network?.name ?? "la red"}`,
    body: scheduled
      ? `${toName} asumirá la coordinación de ${network?.name ?? "la red"} el ${formatDay(input.startedOn)}${fromName ? `; hasta entonces coordina ${fromName}` : ""}.`
      : `Desde el ${formatDay(input.startedOn)} ${toName} coordina ${network?.name ?? "la red"}${fromName ? `, recibiendo de ${fromName}` : ""}. Revisa lo que se traspasó.`,
    url: `/redes/${input.networkId}/traspaso`,
    dedupeKey: `rotation:${input.termId}:${input.stage}`,
    linkLabel: "Ver el traspaso:",
  };
  const orgIds = [input.fromOrganizationId, input.toOrganizationId].filter((id): id is string => !!id);
  for (const person of await peopleOf(tx, orgIds)) await notifyPerson(tx, person, notice);
}

/**
 * Schedules a rotation (or makes it now when it starts today). Refused with a
 * field error, nothing changed: a day in the past, before the current term's
 * start, the office already coordinating, a non-member, or a rotation
 * already scheduled.
 */
export async function scheduleRotation(db: Database, network: { id: string; name: string }, input: RotationInput, actor: Actor, hooks: readonly RotationHook[], today = todayInChile()) {
  // A rotation due but not yet handed over (the job has not passed) is completed first.
  await runDueHandovers(db, hooks, { networkId: network.id, today });
  const term = await db.transaction(async (tx) => {
    // One rotation at a time per network, also with two requests at once.
    await tx.select({ id: networks.id }).from(networks).where(eq(networks.id, network.id)).for("update");
    if (input.startedOn < today) throw new FieldError("startedOn", `La fecha de inicio no puede ser anterior a hoy (${formatDay(today)}).`);
    const [member] = await tx
      .select({ id: networkMembers.id })
      .from(networkMembers)
      .where(and(eq(networkMembers.networkId, network.id), eq(networkMembers.organizationId, input.organizationId), isNull(networkMembers.leftOn)));
    if (!member) throw new FieldError("organizationId", "La nueva coordinadora debe ser una OMIL miembro de la red.");
    const pending = await scheduledRotation(tx, network.id, today);
    if (pending) {
      throw new FieldError("startedOn", `Ya hay un traspaso programado a ${pending.name} para el ${formatDay(pending.startedOn)}. Cancélalo antes de programar otro.`);
    }
    const current = await currentCoordinator(tx, network.id, today);
    if (current?.organizationId === input.organizationId) throw new FieldError("organizationId", `${current.name} ya coordina la red: elige otra OMIL.`);
    if (current && input.startedOn < current.startedOn) {
      throw new FieldError("startedOn", `La fecha de inicio no puede ser anterior al inicio del período actual (${formatDay(current.startedOn)}).`);
    }
    if (current) await tx.update(networkCoordinators).set({ endedOn: input.startedOn }).where(eq(networkCoordinators.id, current.termId));
    const [created] = await tx
      .insert(networkCoordinators)
      .values({
        networkId: network.id,
        organizationId: input.organizationId,
        year: input.year,
        startedOn: input.startedOn,
        note: input.note,
        handoverPending: true,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      action: "network.coordinator_rotation_scheduled",
      resource: { type: "network", id: network.id, label: network.name },
      networkId: network.id,
      actor,
      details: { desde: input.startedOn, nueva_coordinadora: input.organizationId, anterior: current?.organizationId ?? null },
    });
    if (input.startedOn > today) {
      await notifyBothOffices(tx, {
        networkId: network.id,
        termId: created.id,
        fromOrganizationId: current?.organizationId ?? null,
        toOrganizationId: input.organizationId,
        startedOn: input.startedOn,
        stage: "programada",
      });
    }
    return created;
  });
  if (term.startedOn <= today) await runDueHandovers(db, hooks, { networkId: network.id, today });
  return term;
}

/** Cancels a rotation that has not started: the incoming term goes, the outgoing one is open again. */
export async function cancelScheduledRotation(db: Database, networkId: string, actor: Actor, today = todayInChile()) {
  return db.transaction(async (tx) => {
    await tx.select({ id: networks.id }).from(networks).where(eq(networks.id, networkId)).for("update");
    const pending = await scheduledRotation(tx, networkId, today);
    if (!pending) throw new FieldError("", "No hay un traspaso programado que cancelar.");
    await tx.delete(networkCoordinators).where(eq(networkCoordinators.id, pending.termId));
    await tx
      .update(networkCoordinators)
      .set({ endedOn: null })
      .where(and(eq(networkCoordinators.networkId, networkId), eq(networkCoordinators.endedOn, pending.startedOn)));
    await recordAudit(tx, {
      action: "network.coordinator_rotation_cancelled",
      resource: { type: "network", id: networkId, label: pending.name },
      networkId,
      actor,
      details: { desde: pending.startedOn, nueva_coordinadora: pending.organizationId },
    });
    return pending;
  });
}

/**
 * Hands over every rotation whose start date has come (today in Chile) and
 * has not been handed over: each in its own transaction that first claims the
 * term (`handover_pending` true → false), so two processes or two passes
 * never hand the same term over twice. Returns how many were handed over.
 */
export async function runDueHandovers(db: Database, hooks: readonly RotationHook[], options: { networkId?: string; today?: string } = {}): Promise<number> {
  const today = options.today ?? todayInChile();
  const due = await db
    .select({ id: networkCoordinators.id })
    .from(networkCoordinators)
    .where(
      and(
        eq(networkCoordinators.handoverPending, true),
        lte(networkCoordinators.startedOn, today),
        options.networkId ? eq(networkCoordinators.networkId, options.networkId) : undefined,
      ),
    );
  let handed = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [term] = await tx
        .update(networkCoordinators)
        .set({ handoverPending: false, handedOverAt: new Date() })
        .where(and(eq(networkCoordinators.id, id), eq(networkCoordinators.handoverPending, true)))
        .returning();
      if (!term) return false; // Another process took it.
      // The outgoing office: the term that ends on the day this one starts.
      const [outgoing] = await tx
        .select({ organizationId: networkCoordinators.organizationId })
        .from(networkCoordinators)
        .where(and(eq(networkCoordinators.networkId, term.networkId), eq(networkCoordinators.endedOn, term.startedOn), gt(networkCoordinators.endedOn, networkCoordinators.startedOn)));
      const change: RotationChange = {
        networkId: term.networkId,
        fromOrganizationId: outgoing?.organizationId ?? null,
        toOrganizationId: term.organizationId,
        actorUserId: term.createdBy ? ((await tx.select({ id: user.id }).from(user).where(eq(user.id, term.createdBy)))[0]?.id ?? null) : null,
      };
      for (const hook of hooks) await hook(tx, change);
      await recordAudit(tx, {
        action: "network.coordinator_rotated",
        resource: { type: "network", id: term.networkId, label: term.networkId },
        networkId: term.networkId,
        actor: null,
        details: { desde: term.startedOn, nueva_coordinadora: term.organizationId, anterior: change.fromOrganizationId },
      });
      await notifyBothOffices(tx, { ...change, termId: term.id, startedOn: term.startedOn, stage: "vigente" });
      return true;
    });
    if (done) handed += 1;
  }
  return handed;
}
