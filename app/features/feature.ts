import type { ActivityHooks } from "~/features/activities/hooks";
import type { RotationHook } from "~/features/networks/rotation.server";
import type { DemoSeedStep } from "~/features/seed/steps.server";
import type { BackgroundJob } from "~/jobs/job";
import type { CollabDocumentKind } from "~/permissions/collab-access.server";

/**
 * What a feature plugs into the process, declared in its `feature.server.ts`
 * and listed in the composition root (app/features/features.server.ts).
 * Nothing registers itself by being imported.
 */
export interface Feature {
  name: string;
  /** Periodic work run by every portal (each pass once across processes, see server/workers.ts). */
  jobs?: readonly BackgroundJob[];
  /** Collab document kinds it owns (`meeting`, `proposal`): who may open them, what to derive after each store. */
  collabDocuments?: Readonly<Record<string, CollabDocumentKind>>;
  /** Work inside a network's coordinator rotation transaction. */
  rotationHooks?: readonly RotationHook[];
  /** Work inside the activities feature's write transactions (goals reconcile saved results, decision 0090). */
  activityHooks?: ActivityHooks;
  /** Demo-data steps, run in the composition root's order. */
  seedSteps?: readonly DemoSeedStep[];
}
