import { getDb } from "~/db/client.server";
import { registerJob } from "~/jobs/registry.server";
import { syncAllActivityContributions } from "./activity-contributions.server.ts";

/*
 * Boards reconcile their own network on every view; this pass keeps exports
 * and the regional view current for networks nobody opened. Idempotent and
 * safe in several processes (unique goal + source key).
 */
registerJob({
  name: "goals-activity-contributions",
  everyMs: 10 * 60_000,
  runAtStart: true,
  run: () => syncAllActivityContributions(getDb()),
});
