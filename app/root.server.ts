import type { AppLoadContext } from "@remix-run/node";
import { getActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { countUnread } from "~/notifications/inbox.server";
import type { HeaderUser } from "~/components/app-header";
import { navigationFor } from "~/components/navigation";
import { ROLE_LABELS } from "~/permissions/actor";

/*
 * What every page's layout needs: the signed-in person (or none), the menu and where editors open
 * their WebSocket. A module of its own so the root route imports one server module: each server
 * module a browser chunk names becomes an empty stub, and stubs shared by several routes become
 * chunks of their own (one more request per page on a slow line, docs/decisions/0125).
 */
export async function loadRootData(request: Request, context: AppLoadContext) {
  const actor = await getActor(request);
  const user: HeaderUser | null = actor
    ? { id: actor.userId, name: actor.name, roleLabel: ROLE_LABELS[actor.role], organizationName: actor.organizationName, unread: await countUnread(getDb(), actor.userId) }
    : null;
  return {
    cspNonce: context.cspNonce,
    user,
    navigation: navigationFor(actor),
    // Where editors open their WebSocket: another origin (standalone collab tier) or, when null, the portal's /collab.
    collabUrl: getEnv().COLLAB_PUBLIC_URL ?? null,
  };
}
