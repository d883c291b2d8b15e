import { getDb } from "~/db/client.server";
import { rotationHooks } from "~/features/networks/networks.server";
import { registerJob } from "~/jobs/registry.server";
import { registerCollabAccess, registerCollabStoredHook } from "~/permissions/collab-access.server";
import { meetingCollabAccess } from "./collab-access.server.ts";
import { moveToNewCoordinator } from "./handover.server.ts";
import { readMinutes } from "./minutes-doc.server.ts";
import { storeMinutes } from "./meetings.server.ts";
import { runReminders } from "./reminders.server.ts";
import { ensureActivityTypes } from "./taxonomy.server.ts";

/*
 * Wiring of the activities feature into the processes that import
 * app/jobs/all.server.ts (the portal and the standalone collab server).
 */
// The taxonomy comes from content/: loaded at start so every deployment has the types.
registerJob({ name: "activities-taxonomy", everyMs: 6 * 3600_000, runAtStart: true, run: () => ensureActivityTypes(getDb()) });
registerJob({ name: "activities-reminders", everyMs: 15 * 60_000, runAtStart: true, run: () => runReminders(getDb()) });

registerCollabAccess("meeting", meetingCollabAccess);

// After the collab server stores a meeting's Y.Doc, keep its text and HTML for listings and email.
registerCollabStoredHook("meeting", async (db, id) => {
  const minutes = await readMinutes(db, id);
  await storeMinutes(db, id, { text: minutes.text, html: minutes.html });
});

if (!rotationHooks.includes(moveToNewCoordinator)) rotationHooks.push(moveToNewCoordinator);
