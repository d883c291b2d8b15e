import type { Feature } from "~/features/feature";
import { meetingCollabAccess } from "./collab-access.server.ts";
import { activityExists, removeMeetingCollabState } from "./deletion.server.ts";
import { moveToNewCoordinator } from "./handover.server.ts";
import { activitiesJobs } from "./jobs.server.ts";
import { storeMinutes } from "./meetings.server.ts";
import { readMinutes } from "./minutes-doc.server.ts";
import { seedActivities } from "./seed.server.ts";

/** Activities and the network's monthly meeting (listed in app/features/features.server.ts). */
export const activitiesFeature: Feature = {
  name: "activities",
  jobs: activitiesJobs,
  collabDocuments: {
    meeting: {
      access: meetingCollabAccess,
      // After the collab server stores a meeting's Y.Doc, keep its text and HTML for listings and email.
      async stored(db, id) {
        // A last store from a socket closed after the meeting was deleted: remove what it re-created.
        if (!(await activityExists(db, id))) return removeMeetingCollabState(db, id);
        const minutes = await readMinutes(db, id);
        await storeMinutes(db, id, { text: minutes.text, html: minutes.html });
      },
    },
  },
  // Open agreements move to the new coordinator inside the rotation's transaction.
  rotationHooks: [moveToNewCoordinator],
  seedSteps: [seedActivities],
};
