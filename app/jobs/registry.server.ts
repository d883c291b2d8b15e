/*
 * Background jobs that run inside the portal process (and any app process in
 * a scale-out): index sync, reminders... Each job must be safe to run in
 * several processes at once (claim rows, or be idempotent).
 */
export interface BackgroundJob {
  name: string;
  everyMs: number;
  /** One pass; errors are logged and the job runs again on the next tick. */
  run(): Promise<unknown>;
  /** Run once right after startup too. */
  runAtStart?: boolean;
}

export const backgroundJobs: BackgroundJob[] = [];

export function registerJob(job: BackgroundJob) {
  if (!backgroundJobs.some((j) => j.name === job.name)) backgroundJobs.push(job);
}
