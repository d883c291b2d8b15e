import { getDb } from "~/db/client.server";
import type { BackgroundJob } from "~/jobs/job";
import { syncAllActivityContributions } from "./activity-contributions.server.ts";

/*
 * Safety net: activity results reach goal entries in the write path; this
 * pass keeps exports and the regional view current should a write have missed
 * them. Idempotent and safe in several processes (unique goal + source key).
 */
export const goalsJobs: BackgroundJob[] = [
  { name: "goals-activity-contributions", everyMs: 10 * 60_000, runAtStart: true, run: () => syncAllActivityContributions(getDb()) },
];
