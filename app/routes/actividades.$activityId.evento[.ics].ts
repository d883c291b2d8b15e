import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor, notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { findReadableActivity } from "~/features/activities/activities.server";
import { buildCalendar, icsResponse } from "~/features/activities/ical.server";
import { getEnv } from "~/env.server";

/** One activity as an .ics file: anyone for a public fair, the network's people otherwise. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const db = getDb();
  const found = await findReadableActivity(db, actor, params.activityId ?? "");
  if (!found) {
    if (!actor) await requireActor(request);
    throw notFound("No encontramos esa actividad, o no tienes acceso a ella.");
  }
  const { activity, network } = found;
  const body = buildCalendar(
    [{ ...activity, typeLabel: found.typeLabel, comunaName: found.comunaName, networkName: network.name, hosts: found.hosts }],
    { baseUrl: getEnv().baseUrl, name: activity.title },
  );
  return icsResponse(body, `actividad-${activity.id.slice(0, 8)}.ics`, found.resource.isPublicFair ? "public, max-age=300" : "private, max-age=60");
}
