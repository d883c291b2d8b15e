import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { currentYearInChile, todayInChile } from "~/utils/dates";
import { buildNetworkBoard } from "./board.server.ts";
import { getDb } from "~/db/client.server";
import { findReadableNetwork } from "~/features/networks/networks.server";
import { findNetworkGoal, goalResource } from "./goals.server.ts";

/** The signed-in actor and a network they may read; otherwise 404 (never another network's data). */
export async function requireGoalsNetwork(request: Request, networkId: string | undefined) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  return { actor, db, network, resource: goalResource(network) };
}

/** Same, plus a goal of that network (a goal id from another network is a 404). */
export async function requireNetworkGoal(request: Request, networkId: string | undefined, goalId: string | undefined) {
  const context = await requireGoalsNetwork(request, networkId);
  const goal = await findNetworkGoal(context.db, context.network.id, goalId ?? "");
  if (!goal) throw notFound("No encontramos esa meta en la red.");
  return { ...context, goal };
}

/** `?anio=2026` when valid, else the given default. */
export function yearFrom(request: Request, fallback: number): number {
  const raw = new URL(request.url).searchParams.get("anio");
  const year = Number(raw);
  return raw && Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : fallback;
}

/** A network's goal board for `?anio=` (this year by default), for whoever may read its goals. */
export async function requireNetworkBoard(request: Request, networkId: string | undefined) {
  const context = await requireGoalsNetwork(request, networkId);
  requirePermission(context.actor, "read", context.resource);
  const year = yearFrom(request, currentYearInChile());
  const today = todayInChile();
  return { ...context, year, today, board: await buildNetworkBoard(context.db, context.network, year, today) };
}
