/*
 * A background job that runs inside the portal process (and any portal in a
 * scale-out): index sync, reminders... Each feature declares its jobs in its
 * `feature.server.ts`; the composition root (app/features/features.server.ts)
 * lists them. Each job must be safe to run in several processes at once
 * (claim rows, or be idempotent); server/workers.ts runs it under a lease.
 */
export interface BackgroundJob {
  name: string;
  everyMs: number;
  /** One pass; errors are logged at error level and the job runs again on the next tick. */
  run(): Promise<unknown>;
  /** Run once right after startup too. */
  runAtStart?: boolean;
  /**
   * When the search engine comes back after a restart (server/search.ts): called, then the job
   * runs at once. Jobs that feed the engine make their backed-off work due here.
   */
  searchReturned?(): Promise<void>;
}
