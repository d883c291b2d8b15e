// Importing this module registers every feature's background jobs and its
// shared-registry wiring in the portal process. Each feature adds one import line.
import "~/features/wiring.server";
import "~/features/practices/jobs.server";
import "~/features/activities/jobs.server";
import "~/features/goals/jobs.server";
import "~/features/proposals/jobs.server";
export { backgroundJobs } from "./registry.server.ts";
