import type { Feature } from "~/features/feature";
import { goalsActivityHooks } from "./activity-contributions.server.ts";
import { goalsJobs } from "./jobs.server.ts";
import { seedGoals } from "./seed.server.ts";

/** The networks' goals and each office's contribution (listed in app/features/features.server.ts). */
export const goalsFeature: Feature = {
  name: "goals",
  jobs: goalsJobs,
  // Activity results reach the goal entries in the transaction that saves them.
  activityHooks: goalsActivityHooks,
  seedSteps: [(context) => seedGoals(context)],
};
