import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadActor } from "~/auth/actor.server";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { calendarNetworkIds, listCalendarActivities } from "~/features/activities/calendar.server";
import { buildCalendar, findFeedByToken, icsResponse } from "~/features/activities/ical.server";
import { findReadableNetwork } from "~/features/networks/networks.server";

const notFeed = () => new Response("Calendario no encontrado o revocado.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * A private iCal feed: /ical/<token>.ics. The token stands for its owner, whose
 * access is checked again on every fetch (a person who left the network, or a
 * revoked token, gets 404).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const feed = await findFeedByToken(db, token);
  if (!feed) return notFeed();
  const actor = await loadActor(db, feed.userId);
  if (!actor) return notFeed();
  let networkIds = await calendarNetworkIds(db, actor);
  let name = "Red OMIL: mis redes";
  if (feed.networkId) {
    const network = await findReadableNetwork(db, actor, feed.networkId);
    if (!network) return notFeed();
    networkIds = [network.id];
    name = `Red OMIL: ${network.name}`;
  }
  const now = Date.now();
  const entries = await listCalendarActivities(db, {
    networkIds,
    from: new Date(now - 90 * 24 * 3600_000),
    to: new Date(now + 400 * 24 * 3600_000),
    excludeDrafts: true,
  });
  return icsResponse(buildCalendar(entries, { baseUrl: getEnv().baseUrl, name }), "red-omil.ics");
}
