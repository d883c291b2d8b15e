import { registerJob } from "~/jobs/registry.server";
import { getDb } from "~/db/client.server";
import { refreshStaleContents } from "./refresh.server.ts";
// Registers the collab access resolver and store hook in the portal process.
import "./collab.server.ts";

/*
 * Safety net for derived content: if a store hook failed (or the collab
 * server ran standalone without it), proposals whose stored document changed
 * after their derived content are re-derived.
 */
registerJob({ name: "propuestas-contenido", everyMs: 60_000, runAtStart: true, run: () => refreshStaleContents(getDb()) });
