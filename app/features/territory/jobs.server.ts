import { getDb } from "~/db/client.server";
import type { BackgroundJob } from "~/jobs/job";
import { loadTerritory } from "./territory.server.ts";

/**
 * The territory from content/ (regions, provinces, comunas): added at start and every 6 h, so a
 * deploy with new comunas needs no seed, and boots on a database with data skip it (also with
 * SEED_DEMO=0). Inserts only what is missing.
 */
export const territoryJobs: BackgroundJob[] = [{ name: "territory-content", everyMs: 6 * 3600_000, runAtStart: true, run: () => loadTerritory(getDb()) }];
