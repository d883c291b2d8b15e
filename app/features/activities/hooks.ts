import type { Transaction } from "~/db/client.server";

/**
 * What other features do when the activities feature writes, passed explicitly to the write
 * functions (no registration by import): each hook runs inside the activities' own transaction, so
 * whatever it writes commits or rolls back together with the activity's data. The set the portal
 * uses is composed from each feature's `activityHooks` in app/features/features.server.ts.
 */
export interface ActivityHooks {
  /** An activity's results (and the values goals add up) were just replaced. */
  resultsSaved(tx: Transaction, activity: { id: string; networkId: string }): Promise<void>;
}

/** Hooks that do nothing: for callers (tests, scripts) that want the activity's data alone. */
export const noActivityHooks: ActivityHooks = {
  async resultsSaved() {},
};
