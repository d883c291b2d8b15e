import { and, asc, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { networkCoordinators, organizations } from "~/db/schema";
import { todayInChile } from "~/utils/dates";

/*
 * Who coordinates a network, decided in ONE place (docs/decisions/0130).
 * A coordination term runs from `started_on` (inclusive) to `ended_on`
 * (exclusive; null = open). A scheduled rotation stores the incoming term
 * with its future start and gives the outgoing term that end date, so the
 * current coordinator is the term with started_on ≤ today < ended_on, with
 * "today" in America/Santiago. Every loader, permission and job that asks
 * "who coordinates?" goes through these functions.
 */

/** SQL condition: the coordination term in force on `today` (YYYY-MM-DD, Chile). */
export function termInForceOn(today: string) {
  return and(lte(networkCoordinators.startedOn, today), or(isNull(networkCoordinators.endedOn), gt(networkCoordinators.endedOn, today)));
}

export interface CoordinatorTerm {
  termId: string;
  networkId: string;
  organizationId: string;
  name: string;
  year: number;
  startedOn: string;
  endedOn: string | null;
}

const termColumns = {
  termId: networkCoordinators.id,
  networkId: networkCoordinators.networkId,
  organizationId: networkCoordinators.organizationId,
  name: organizations.name,
  year: networkCoordinators.year,
  startedOn: networkCoordinators.startedOn,
  endedOn: networkCoordinators.endedOn,
};

/** The current coordinator of each given network (networks without one are absent). */
export async function currentCoordinators(db: DbOrTx, networkIds: readonly string[], today = todayInChile()): Promise<Map<string, CoordinatorTerm>> {
  const map = new Map<string, CoordinatorTerm>();
  if (networkIds.length === 0) return map;
  const rows = await db
    .select(termColumns)
    .from(networkCoordinators)
    .innerJoin(organizations, eq(organizations.id, networkCoordinators.organizationId))
    .where(and(inArray(networkCoordinators.networkId, [...networkIds]), termInForceOn(today)));
  for (const row of rows) map.set(row.networkId, row);
  return map;
}

/** The current coordinator of one network, or null. */
export async function currentCoordinator(db: DbOrTx, networkId: string, today = todayInChile()): Promise<CoordinatorTerm | null> {
  return (await currentCoordinators(db, [networkId], today)).get(networkId) ?? null;
}

/** The office coordinating a network today, or null. */
export async function currentCoordinatorId(db: DbOrTx, networkId: string, today = todayInChile()): Promise<string | null> {
  return (await currentCoordinator(db, networkId, today))?.organizationId ?? null;
}

/** Networks an office coordinates today. */
export async function networksCoordinatedBy(db: DbOrTx, organizationId: string, today = todayInChile()): Promise<string[]> {
  const rows = await db
    .select({ networkId: networkCoordinators.networkId })
    .from(networkCoordinators)
    .where(and(eq(networkCoordinators.organizationId, organizationId), termInForceOn(today)));
  return rows.map((r) => r.networkId);
}

/** A rotation scheduled for a later day (the incoming term), or null. */
export async function scheduledRotation(db: DbOrTx, networkId: string, today = todayInChile()): Promise<CoordinatorTerm | null> {
  const [row] = await db
    .select(termColumns)
    .from(networkCoordinators)
    .innerJoin(organizations, eq(organizations.id, networkCoordinators.organizationId))
    .where(and(eq(networkCoordinators.networkId, networkId), gt(networkCoordinators.startedOn, today)))
    .orderBy(asc(networkCoordinators.startedOn))
    .limit(1);
  return row ?? null;
}

/** Whether an office holds or is about to hold the coordination (it may not leave the network). */
export async function holdsOrWillHoldCoordination(db: DbOrTx, networkId: string, organizationId: string, today = todayInChile()): Promise<boolean> {
  const [row] = await db
    .select({ id: networkCoordinators.id })
    .from(networkCoordinators)
    .where(
      and(
        eq(networkCoordinators.networkId, networkId),
        eq(networkCoordinators.organizationId, organizationId),
        or(isNull(networkCoordinators.endedOn), gt(networkCoordinators.endedOn, today)),
      ),
    );
  return !!row;
}
