import type { DbOrTx } from "~/db/client.server";
import type { Actor } from "~/permissions/actor";
import type { CollabAccess } from "~/permissions/collab-access.server";
import { can } from "~/permissions/permissions";
import { findReadableActivity } from "./activities.server.ts";
import { isMeetingType } from "./labels.ts";

/** Live minutes: the network's members edit; the region's DR and Nivel Central read; others nothing. */
export async function meetingCollabAccess(db: DbOrTx, actor: Actor, id: string): Promise<CollabAccess> {
  const found = await findReadableActivity(db, actor, id);
  if (!found || !isMeetingType(found.activity.typeSlug)) return null;
  if (found.resource.isPublicFair) return null;
  if (can(actor, "edit_minutes", found.resource) && actor.role !== "dr_staff" && actor.role !== "nc_admin") return "edit";
  return can(actor, "read", found.resource) ? "read" : null;
}
