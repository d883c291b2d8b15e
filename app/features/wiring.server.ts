/*
 * Registers every feature with the shared registries (collab document access,
 * collab store hooks, coordinator-rotation hooks). The Remix server build and
 * server/ each load their own copy of app/ modules, so both import this file:
 * root.tsx (the build) and app/jobs/all.server.ts (the portal process).
 * Every registration is keyed, so importing it twice is harmless.
 */
import "~/features/activities/wiring.server";
import "~/features/proposals/collab.server";
