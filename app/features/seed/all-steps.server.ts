// Importing this module registers every feature's demo-data step, in order.
// Each feature adds one import line here.
export { demoSeedSteps } from "./steps.server.ts";
import "~/features/practices/seed.server";
import "~/features/goals/seed.server";
import "~/features/proposals/seed.server";
import "~/features/activities/seed.server";
