import type { Feature } from "~/features/feature";
import { goalsJobs } from "./jobs.server.ts";
import { seedGoals } from "./seed.server.ts";

/** The networks' goals and each office's contribution (listed in app/features/features.server.ts). */
export const goalsFeature: Feature = {
  name: "goals",
  jobs: goalsJobs,
  seedSteps: [(context) => seedGoals(context)],
};
