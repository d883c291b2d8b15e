import { getDb } from "~/db/client.server";
import { registerJob } from "~/jobs/registry.server";
import { runReminders } from "./reminders.server.ts";
import { ensureActivityTypes } from "./taxonomy.server.ts";
import "./wiring.server.ts";

/* Background jobs of the activities feature (imported from app/jobs/all.server.ts). */

// The taxonomy comes from content/: loaded at start so every deployment has the types.
registerJob({ name: "activities-taxonomy", everyMs: 6 * 3600_000, runAtStart: true, run: () => ensureActivityTypes(getDb()) });
registerJob({ name: "activities-reminders", everyMs: 15 * 60_000, runAtStart: true, run: () => runReminders(getDb()) });
