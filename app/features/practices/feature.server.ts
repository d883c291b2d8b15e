import type { Feature } from "~/features/feature";
import { practicesJobs } from "./jobs.server.ts";
import { seedPractices } from "./seed.server.ts";

/** The good-practices library and its search (listed in app/features/features.server.ts). */
export const practicesFeature: Feature = {
  name: "practices",
  jobs: practicesJobs,
  seedSteps: [seedPractices],
};
