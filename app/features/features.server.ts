import { activitiesFeature } from "~/features/activities/feature.server";
import { goalsFeature } from "~/features/goals/feature.server";
import { createNetworksFeature } from "~/features/networks/feature.server";
import { notificationsFeature } from "~/features/notifications/feature.server";
import { practicesFeature } from "~/features/practices/feature.server";
import { proposalsFeature } from "~/features/proposals/feature.server";
import type { ActivityHooks } from "~/features/activities/hooks";
import type { RotationHook } from "~/features/networks/rotation.server";
import type { DemoSeedStep } from "~/features/seed/steps.server";
import type { BackgroundJob } from "~/jobs/job";
import { createCollabAccess, type CollabDocumentKind } from "~/permissions/collab-access.server";
import type { Feature } from "./feature.ts";

/*
 * THE composition root: every feature that plugs something into the process
 * (jobs, collab document kinds, rotation hooks, demo-data steps) is listed
 * here, once. The portal (server/index.ts) and `npm run collab`
 * (collab-server/standalone.ts) take what they need from this module through
 * the Remix build (app/entry.server.tsx); routes and tests import it directly.
 * A feature missing from this list is visibly missing: no side-effect imports.
 *
 * Order matters only for the demo data: practices, goals, proposals, activities.
 */
export const features: readonly Feature[] = [
  practicesFeature,
  goalsFeature,
  proposalsFeature,
  activitiesFeature,
  notificationsFeature,
  // Its handover job runs the rotation hooks of every feature listed here.
  createNetworksFeature(() => rotationHooks),
];

export const backgroundJobs: readonly BackgroundJob[] = features.flatMap((f) => f.jobs ?? []);
export const rotationHooks: readonly RotationHook[] = features.flatMap((f) => f.rotationHooks ?? []);
export const demoSeedSteps: readonly DemoSeedStep[] = features.flatMap((f) => f.seedSteps ?? []);

const activityHookSets = features.flatMap((f) => (f.activityHooks ? [f.activityHooks] : []));
/** Every feature's hooks into the activities feature's writes, run in its transaction (pass to saveResults). */
export const activityHooks: ActivityHooks = {
  async resultsSaved(tx, activity) {
    for (const hooks of activityHookSets) await hooks.resultsSaved(tx, activity);
  },
};

const collabDocumentKinds: Record<string, CollabDocumentKind> = {};
for (const feature of features) {
  for (const [kind, declared] of Object.entries(feature.collabDocuments ?? {})) {
    if (collabDocumentKinds[kind]) throw new Error(`Collab document kind "${kind}" declared twice (${feature.name})`);
    collabDocumentKinds[kind] = declared;
  }
}

/** The collab access check and stored-document hooks of every declared kind (unknown kinds are refused). */
export const collabAccess = createCollabAccess(collabDocumentKinds);
