import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { findReadableNetwork } from "~/features/networks/networks.server";

/** A network's calendar is the general calendar filtered to it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const network = await findReadableNetwork(getDb(), actor, params.networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  const url = new URL(request.url);
  url.searchParams.set("red", network.id);
  return redirect(`/calendario?${url.searchParams.toString()}`);
}
