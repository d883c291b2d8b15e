import { rotationHooks } from "~/features/networks/networks.server";
import { registerCollabAccess, registerCollabStoredHook } from "~/permissions/collab-access.server";
import { meetingCollabAccess } from "./collab-access.server.ts";
import { moveToNewCoordinator } from "./handover.server.ts";
import { storeMinutes } from "./meetings.server.ts";
import { readMinutes } from "./minutes-doc.server.ts";

/*
 * Registers the activities feature with the shared registries. The Remix
 * server build and server/ load separate copies of app/ modules, so this runs
 * in both: from the jobs module (portal process, collab server) and from the
 * feature's routes (the Remix build, where the coordinator rotation and the
 * collab-token route run). Every registration is idempotent.
 */
registerCollabAccess("meeting", meetingCollabAccess);

// After the collab server stores a meeting's Y.Doc, keep its text and HTML for listings and email.
registerCollabStoredHook("meeting", async (db, id) => {
  const minutes = await readMinutes(db, id);
  await storeMinutes(db, id, { text: minutes.text, html: minutes.html });
});

if (!rotationHooks.includes(moveToNewCoordinator)) rotationHooks.push(moveToNewCoordinator);
