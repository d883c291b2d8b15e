import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { organizations, session, user } from "~/db/schema";
import type { Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import type { Role } from "~/permissions/actor";
import { recordAccountEvent } from "~/features/audit/account-events.server";

export async function listUsersFor(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      active: user.active,
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      regionCode: organizations.regionCode,
    })
    .from(user)
    .innerJoin(organizations, eq(organizations.id, user.organizationId))
    .orderBy(asc(organizations.name), asc(user.name));
  return rows.filter((r) =>
    can(actor, "read", { type: "account", organizationId: r.organizationId, organizationKind: r.organizationKind, regionCode: r.regionCode, role: r.role as Role }),
  );
}

export async function getUserForAdmin(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ user, organizationKind: organizations.kind, regionCode: organizations.regionCode, organizationName: organizations.name })
    .from(user)
    .innerJoin(organizations, eq(organizations.id, user.organizationId))
    .where(eq(user.id, id));
  return row;
}

/** Deactivating also ends every session of that person at once. */
export async function setUserActive(db: DbOrTx, id: string, active: boolean) {
  await db.transaction(async (tx) => {
    await tx.update(user).set({ active, updatedAt: sql`now()` }).where(eq(user.id, id));
    if (!active) await tx.delete(session).where(eq(session.userId, id));
    await recordAccountEvent(tx, { action: active ? "account.reactivated" : "account.deactivated", userId: id });
  });
}
