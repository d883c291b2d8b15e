import { getDb } from "~/db/client.server";
import type { BackgroundJob } from "~/jobs/job";
import { refreshStaleContents } from "./refresh.server.ts";

/*
 * Safety net for derived content: if a store hook failed (or the collab
 * server ran standalone without it), proposals whose stored document changed
 * after their derived content are re-derived.
 */
export const proposalsJobs: BackgroundJob[] = [{ name: "propuestas-contenido", everyMs: 60_000, runAtStart: true, run: () => refreshStaleContents(getDb()) }];
