import { getDb } from "~/db/client.server";
import type { BackgroundJob } from "~/jobs/job";
import { runReminders } from "./reminders.server.ts";
import { ensureActivityTypes } from "./taxonomy.server.ts";

/* Background jobs of the activities feature (listed in ./feature.server.ts). */
export const activitiesJobs: BackgroundJob[] = [
  // The taxonomy comes from content/: loaded at start so every deployment has the types.
  { name: "activities-taxonomy", everyMs: 6 * 3600_000, runAtStart: true, run: () => ensureActivityTypes(getDb()) },
  { name: "activities-reminders", everyMs: 15 * 60_000, runAtStart: true, run: () => runReminders(getDb()) },
];
