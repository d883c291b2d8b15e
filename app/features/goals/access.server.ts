import { notFound, requireActor } from "~/auth/session.server";
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
