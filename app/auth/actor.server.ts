import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, networkMembers, organizations, user } from "~/db/schema";
import { networksCoordinatedBy } from "~/features/networks/coordination.server";
import type { Actor, Role } from "~/permissions/actor";

/** Loads everything the permission rules need about a user; null if unknown or deactivated. */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [row] = await db
    .select({
      userId: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      active: user.active,
      organizationId: organizations.id,
      organizationKind: organizations.kind,
      organizationName: organizations.name,
      orgRegion: organizations.regionCode,
      comunaRegion: comunas.regionCode,
    })
    .from(user)
    .innerJoin(organizations, eq(organizations.id, user.organizationId))
    .leftJoin(comunas, eq(comunas.code, organizations.comunaCode))
    .where(eq(user.id, userId));
  if (!row || !row.active) return null;

  const memberships = await db
    .select({ networkId: networkMembers.networkId })
    .from(networkMembers)
    .where(and(eq(networkMembers.organizationId, row.organizationId), isNull(networkMembers.leftOn)));
  // The one rule of who coordinates today (a scheduled rotation changes nothing before its date).
  const coordinated = (await networksCoordinatedBy(db, row.organizationId)).map((networkId) => ({ networkId }));

  const isOmil = row.organizationKind === "omil";
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    organizationId: row.organizationId,
    organizationKind: row.organizationKind,
    organizationName: row.organizationName,
    regionCode: row.orgRegion ?? row.comunaRegion ?? null,
    memberNetworkIds: isOmil ? memberships.map((m) => m.networkId) : [],
    coordinatedNetworkIds: isOmil ? coordinated.map((m) => m.networkId).filter((id) => memberships.some((m) => m.networkId === id)) : [],
  };
}
