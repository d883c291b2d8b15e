import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { comunas, networkCoordinators, networkMembers, networks, organizations, regions } from "~/db/schema";
import { isUuid } from "~/utils/ids";
import { FieldError } from "~/utils/errors";
import { isNationalAdmin, isOmilPerson, type Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import type { NetworkForm } from "./schema.ts";
import { recordAudit } from "~/features/audit/record.server";

export type NetworkRow = typeof networks.$inferSelect;

/**
 * A network the actor may read, or undefined — so a foreign id is a 404,
 * never someone else's data.
 */
export async function findReadableNetwork(db: DbOrTx, actor: Actor | null, id: string): Promise<NetworkRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(networks).where(eq(networks.id, id));
  if (!row || !can(actor, "read", { type: "network", id: row.id, regionCode: row.regionCode })) return undefined;
  return row;
}

/** Full rows of the given networks (ids already vetted by the caller), by name. */
export async function listNetworksByIds(db: DbOrTx, ids: readonly string[]): Promise<NetworkRow[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  const rows = await db.select().from(networks).where(inArray(networks.id, valid));
  return rows.sort((a, b) => a.name.localeCompare(b.name, "es"));
}

/** The networks the actor may read: all (Nivel Central), the region's (DR), or its own (OMIL). */
export async function listNetworksFor(db: DbOrTx, actor: Actor) {
  const base = db
    .select({ id: networks.id, name: networks.name, regionCode: networks.regionCode, regionName: regions.shortName })
    .from(networks)
    .innerJoin(regions, eq(regions.code, networks.regionCode));
  if (isOmilPerson(actor) && actor.memberNetworkIds.length === 0) return [];
  const scope = isNationalAdmin(actor)
    ? undefined
    : actor.role === "dr_staff"
      ? eq(networks.regionCode, actor.regionCode ?? "")
      : inArray(networks.id, [...actor.memberNetworkIds]);
  const rows = await base.where(scope).orderBy(asc(networks.name));
  const coordinators = await currentCoordinators(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, coordinator: coordinators.get(r.id) ?? null }));
}

async function currentCoordinators(db: DbOrTx, networkIds: string[]) {
  const map = new Map<string, { organizationId: string; name: string; year: number }>();
  if (networkIds.length === 0) return map;
  const rows = await db
    .select({ networkId: networkCoordinators.networkId, organizationId: organizations.id, name: organizations.name, year: networkCoordinators.year })
    .from(networkCoordinators)
    .innerJoin(organizations, eq(organizations.id, networkCoordinators.organizationId))
    .where(and(inArray(networkCoordinators.networkId, networkIds), isNull(networkCoordinators.endedOn)));
  for (const r of rows) map.set(r.networkId, r);
  return map;
}

export async function getNetworkDetail(db: DbOrTx, network: NetworkRow) {
  const members = await db
    .select({
      membershipId: networkMembers.id,
      organizationId: organizations.id,
      name: organizations.name,
      category: organizations.category,
      comunaName: comunas.name,
      joinedOn: networkMembers.joinedOn,
      leftOn: networkMembers.leftOn,
    })
    .from(networkMembers)
    .innerJoin(organizations, eq(organizations.id, networkMembers.organizationId))
    .leftJoin(comunas, eq(comunas.code, organizations.comunaCode))
    .where(eq(networkMembers.networkId, network.id))
    .orderBy(asc(organizations.name), desc(networkMembers.joinedOn));
  const coordinators = await db
    .select({
      id: networkCoordinators.id,
      organizationId: organizations.id,
      name: organizations.name,
      year: networkCoordinators.year,
      startedOn: networkCoordinators.startedOn,
      endedOn: networkCoordinators.endedOn,
      note: networkCoordinators.note,
    })
    .from(networkCoordinators)
    .innerJoin(organizations, eq(organizations.id, networkCoordinators.organizationId))
    .where(eq(networkCoordinators.networkId, network.id))
    .orderBy(desc(networkCoordinators.startedOn), desc(networkCoordinators.createdAt));
  const [region] = await db.select().from(regions).where(eq(regions.code, network.regionCode));
  return {
    network,
    regionName: region?.name ?? "",
    activeMembers: members.filter((m) => !m.leftOn),
    pastMembers: members.filter((m) => m.leftOn),
    coordinators,
    currentCoordinator: coordinators.find((c) => !c.endedOn) ?? null,
  };
}

export async function createNetwork(db: DbOrTx, form: NetworkForm) {
  const [region] = await db.select().from(regions).where(eq(regions.code, form.regionCode));
  if (!region) throw new FieldError("regionCode", "La región no existe.");
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(networks).values(form).returning();
    await recordAudit(tx, { action: "network.created", resource: { type: "network", id: row.id, label: row.name }, networkId: row.id, regionCode: row.regionCode });
    return row;
  });
}

export async function updateNetwork(db: DbOrTx, id: string, form: NetworkForm) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(networks)
      .set({ name: form.name, description: form.description, reminderDays: form.reminderDays, updatedAt: sql`now()` })
      .where(eq(networks.id, id))
      .returning();
    if (row) await recordAudit(tx, { action: "network.updated", resource: { type: "network", id, label: row.name }, networkId: id, regionCode: row.regionCode });
    return row;
  });
}

/** OMILs of the network's region that are not active members (candidates to join). */
export async function listJoinableOmils(db: DbOrTx, network: NetworkRow) {
  const active = db
    .select({ id: networkMembers.organizationId })
    .from(networkMembers)
    .where(and(eq(networkMembers.networkId, network.id), isNull(networkMembers.leftOn)));
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(eq(organizations.kind, "omil"), eq(organizations.regionCode, network.regionCode), sql`${organizations.id} not in (${active})`))
    .orderBy(asc(organizations.name));
}

export async function addMember(db: DbOrTx, network: NetworkRow, organizationId: string, joinedOn: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org || org.kind !== "omil") throw new FieldError("organizationId", "Solo una OMIL puede ser miembro de una red.");
  if (org.regionCode !== network.regionCode) throw new FieldError("organizationId", "La OMIL debe ser de la misma región que la red.");
  const [existing] = await db
    .select()
    .from(networkMembers)
    .where(and(eq(networkMembers.networkId, network.id), eq(networkMembers.organizationId, organizationId), isNull(networkMembers.leftOn)));
  if (existing) throw new FieldError("organizationId", `${org.name} ya es miembro de la red.`);
  await db.transaction(async (tx) => {
    await tx.insert(networkMembers).values({ networkId: network.id, organizationId, joinedOn });
    await recordAudit(tx, { action: "network.member_added", resource: { type: "network", id: network.id, label: network.name }, networkId: network.id, regionCode: network.regionCode, details: { omil: org.name, desde: joinedOn } });
  });
}

/** Leaving keeps the membership row with its dates; the current coordinator cannot leave. */
export async function removeMember(db: DbOrTx, network: NetworkRow, organizationId: string, leftOn: string) {
  const [coordinator] = await db
    .select()
    .from(networkCoordinators)
    .where(and(eq(networkCoordinators.networkId, network.id), eq(networkCoordinators.organizationId, organizationId), isNull(networkCoordinators.endedOn)));
  if (coordinator) throw new FieldError("organizationId", "La OMIL coordinadora no puede salir de la red: primero rota la coordinación.");
  const [membership] = await db
    .select()
    .from(networkMembers)
    .where(and(eq(networkMembers.networkId, network.id), eq(networkMembers.organizationId, organizationId), isNull(networkMembers.leftOn)));
  if (!membership) throw new FieldError("organizationId", "Esa OMIL no es miembro activo de la red.");
  if (leftOn < membership.joinedOn) throw new FieldError("leftOn", "La fecha de salida no puede ser anterior a la de ingreso.");
  await db.transaction(async (tx) => {
    await tx.update(networkMembers).set({ leftOn }).where(eq(networkMembers.id, membership.id));
    await recordAudit(tx, { action: "network.member_removed", resource: { type: "network", id: network.id, label: network.name }, networkId: network.id, regionCode: network.regionCode, details: { omil: organizationId, hasta: leftOn } });
  });
}

export interface RotationHook {
  (tx: DbOrTx, change: { networkId: string; fromOrganizationId: string | null; toOrganizationId: string; actorUserId: string }): Promise<void>;
}

/** Closes the current coordinator's term and opens the new one, keeping the history. */
export async function rotateCoordinator(
  db: Database,
  network: NetworkRow,
  input: { organizationId: string; year: number; startedOn: string; note: string },
  actor: Actor,
  /** Work other features do inside this transaction (e.g. moving open agreements): the composition root's `rotationHooks`. */
  hooks: readonly RotationHook[],
) {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(networkMembers)
      .where(and(eq(networkMembers.networkId, network.id), eq(networkMembers.organizationId, input.organizationId), isNull(networkMembers.leftOn)));
    if (!member) throw new FieldError("organizationId", "La nueva coordinadora debe ser una OMIL miembro de la red.");
    const [current] = await tx
      .select()
      .from(networkCoordinators)
      .where(and(eq(networkCoordinators.networkId, network.id), isNull(networkCoordinators.endedOn)));
    if (current?.organizationId === input.organizationId) throw new FieldError("organizationId", "Esa OMIL ya coordina la red.");
    if (current && input.startedOn < current.startedOn) throw new FieldError("startedOn", "La fecha de inicio no puede ser anterior al período actual.");
    if (current) await tx.update(networkCoordinators).set({ endedOn: input.startedOn }).where(eq(networkCoordinators.id, current.id));
    const [created] = await tx
      .insert(networkCoordinators)
      .values({ networkId: network.id, organizationId: input.organizationId, year: input.year, startedOn: input.startedOn, note: input.note, createdBy: actor.userId })
      .returning();
    for (const hook of hooks) {
      await hook(tx, { networkId: network.id, fromOrganizationId: current?.organizationId ?? null, toOrganizationId: input.organizationId, actorUserId: actor.userId });
    }
    await recordAudit(tx, { action: "network.coordinator_rotated", resource: { type: "network", id: network.id, label: network.name }, networkId: network.id, regionCode: network.regionCode, actor, details: { desde: input.startedOn, nueva_coordinadora: input.organizationId, anterior: current?.organizationId ?? null } });
    return created;
  });
}
