/*
 * Cross-feature hooks, composed explicitly: what one feature does, in the same transaction, when
 * another writes. Write functions take these as a parameter, so a caller cannot forget them (the
 * compiler asks for them) and nothing depends on a module having been imported for its effects.
 */
import type { ActivityHooks } from "~/features/activities/hooks";
import { goalsActivityHooks } from "~/features/goals/activity-contributions.server";

const activityHookSets: ActivityHooks[] = [goalsActivityHooks];

export const activityHooks: ActivityHooks = {
  async resultsSaved(tx, activity) {
    for (const hooks of activityHookSets) await hooks.resultsSaved(tx, activity);
  },
};
