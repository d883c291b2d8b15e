import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, networkCoordinators, networkMembers, networks, organizations, regions } from "~/db/schema";
import { isUuid } from "~/utils/ids";
import { FieldError } from "~/utils/errors";
import { isNationalAdmin, isOmilPerson, type Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { todayInChile } from "~/utils/dates";
import { currentCoordinators, holdsOrWillHoldCoordination } from "./coordination.server.ts";
import type { NetworkForm } from "./schema.ts";
import { recordAudit } from "~/features/audit/record.server";

/** Where a term stands on `today`: past, current (start ≤ today < end) or scheduled (starts later). */
export function termPeriod(term: { startedOn: string; endedOn: string | null }, today: string): "anterior" | "actual" | "programado" {
  if (term.startedOn > today) return "programado";
  if (term.endedOn !== null && term.endedOn <= today) return "anterior";
  return "actual";
}

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
  return rows.map((r) => {
    const term = coordinators.get(r.id);
    return { ...r, coordinator: term ? { organizationId: term.organizationId, name: term.name, year: term.year } : null };
  });
}

export async function getNetworkDetail(db: DbOrTx, network: NetworkRow, today = todayInChile()) {
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
      handedOverAt: networkCoordinators.handedOverAt,
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
    coordinators: coordinators.map((c) => ({ ...c, period: termPeriod(c, today) })),
    // The same rule as coordination.server.ts's termInForceOn, on rows already loaded.
    currentCoordinator: coordinators.find((c) => termPeriod(c, today) === "actual") ?? null,
    scheduledCoordinator: coordinators.filter((c) => termPeriod(c, today) === "programado").at(-1) ?? null,
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

/** Leaving keeps the membership row with its dates; the current (or incoming) coordinator cannot leave. */
export async function removeMember(db: DbOrTx, network: NetworkRow, organizationId: string, leftOn: string) {
  if (await holdsOrWillHoldCoordination(db, network.id, organizationId)) throw new FieldError("organizationId", "La OMIL coordinadora no puede salir de la red: primero rota la coordinación.");
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
