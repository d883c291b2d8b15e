// Importing this module registers every feature's background jobs.
// Each feature adds one import line here.
export { backgroundJobs } from "./registry.server.ts";
import "~/features/practices/jobs.server";
import "~/features/activities/jobs.server";
import "~/features/goals/jobs.server";
import "~/features/proposals/jobs.server";
