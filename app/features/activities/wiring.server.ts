import { registerRotationHook } from "~/features/networks/networks.server";
import { registerCollabAccess, registerCollabStoredHook } from "~/permissions/collab-access.server";
import { meetingCollabAccess } from "./collab-access.server.ts";
import { activityExists, removeMeetingCollabState } from "./deletion.server.ts";
import { moveToNewCoordinator } from "./handover.server.ts";
import { storeMinutes } from "./meetings.server.ts";
import { readMinutes } from "./minutes-doc.server.ts";

/* Registers the activities feature (imported through app/features/wiring.server.ts). */
registerCollabAccess("meeting", meetingCollabAccess);

// After the collab server stores a meeting's Y.Doc, keep its text and HTML for listings and email.
registerCollabStoredHook("meeting", async (db, id) => {
  // A last store from a socket closed after the meeting was deleted: remove what it re-created.
  if (!(await activityExists(db, id))) return removeMeetingCollabState(db, id);
  const minutes = await readMinutes(db, id);
  await storeMinutes(db, id, { text: minutes.text, html: minutes.html });
});

registerRotationHook("activities:handover", moveToNewCoordinator);
