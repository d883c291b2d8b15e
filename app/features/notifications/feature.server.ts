import { getDb } from "~/db/client.server";
import type { Feature } from "~/features/feature";
import { runDigests } from "~/notifications/digest.server";

/**
 * Notification digests (app/notifications/digest.server.ts). The job runs
 * often so a digest leaves soon after its period ends (08:00 Chile time); a
 * pass with nothing due costs one query per frequency. Each digest is built
 * once across processes (a unique period row), whatever the lease does.
 */
export const notificationsFeature: Feature = {
  name: "notifications",
  jobs: [{ name: "notifications-digest", everyMs: 5 * 60_000, runAtStart: true, run: () => runDigests(getDb()) }],
};
