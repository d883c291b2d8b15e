import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per background job: the process that may run it (`heldBy`) until
 * `heldUntil`. Taken with one atomic INSERT ... ON CONFLICT DO UPDATE ... WHERE
 * (free, expired or already ours), renewed while a pass runs, so a job never
 * runs in two processes at once and runs once per period across all of them.
 */
export const jobLeases = pgTable("job_leases", {
  name: text("name").primaryKey(),
  heldBy: text("held_by").notNull(),
  heldUntil: timestamp("held_until", { withTimezone: true }).notNull(),
  /** When the holder last started a pass (for operators). */
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
});
