/*
 * Leases that keep a background job to one process at a time across every
 * portal process on one database (docs/decisions/0071). A lease row per job
 * (`job_leases`) is taken with a single atomic INSERT ... ON CONFLICT DO
 * UPDATE ... WHERE: only when nobody runs the job (`held_until` passed) and
 * the job is due (`last_run_at` older than its period). The holder renews it
 * while a pass runs and frees it at the end; if the holder dies, the lease
 * expires after `ttlMs` and another process takes the job over.
 * Works the same on PGlite (one process) and PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { jobLeases } from "~/db/schema";

/** A name for this process in lease and claim rows: `host:pid:random` (a restarted pid is a new holder). */
export function newHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

const msInterval = (ms: number) => sql`(${Math.max(0, Math.round(ms))} * interval '1 millisecond')`;

export interface AcquireOptions {
  /** How long the lease lasts unless renewed (the takeover delay when a holder dies). */
  ttlMs: number;
  /** Refuse when the job last started less than this long ago (anywhere). 0: only exclusion. */
  minIntervalMs?: number;
}

/** Takes the lease if free (or expired) and the job is due; true when this holder got it. */
export async function tryAcquireJobLease(db: DbOrTx, name: string, holder: string, options: AcquireOptions): Promise<boolean> {
  const minInterval = options.minIntervalMs ?? 0;
  const rows = await db
    .insert(jobLeases)
    .values({ name, heldBy: holder, heldUntil: sql`now() + ${msInterval(options.ttlMs)}`, lastRunAt: sql`now()` })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { heldBy: sql`excluded.held_by`, heldUntil: sql`excluded.held_until`, lastRunAt: sql`excluded.last_run_at` },
      setWhere: sql`${jobLeases.heldUntil} <= now() and (${jobLeases.lastRunAt} is null or ${jobLeases.lastRunAt} <= now() - ${msInterval(minInterval)})`,
    })
    .returning({ name: jobLeases.name });
  return rows.length > 0;
}

/** Extends a lease this holder still has; false when it expired and another process took it. */
export async function renewJobLease(db: DbOrTx, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db
    .update(jobLeases)
    .set({ heldUntil: sql`now() + ${msInterval(ttlMs)}` })
    .where(and(eq(jobLeases.name, name), eq(jobLeases.heldBy, holder)))
    .returning({ name: jobLeases.name });
  return rows.length > 0;
}

/** Frees the lease at the end of a pass (the period, from `last_run_at`, still applies). */
export async function releaseJobLease(db: DbOrTx, name: string, holder: string): Promise<void> {
  await db
    .update(jobLeases)
    .set({ heldUntil: sql`now()` })
    .where(and(eq(jobLeases.name, name), eq(jobLeases.heldBy, holder)));
}

/** The lease of one job for one process, as server/workers.ts uses it. */
export interface JobLease {
  /** `force`: run now even if the period since the last run (anywhere) has not passed. */
  tryAcquire(force: boolean): Promise<boolean>;
  renew(): Promise<boolean>;
  release(): Promise<void>;
  /** How often the worker renews while a pass runs. */
  renewEveryMs: number;
}

export const DEFAULT_JOB_LEASE_TTL_MS = 60_000;

export function createJobLease(db: DbOrTx, name: string, holder: string, everyMs: number, ttlMs = DEFAULT_JOB_LEASE_TTL_MS): JobLease {
  // 10% slack so that the holder's own next tick (timers drift) still finds the job due.
  const minIntervalMs = Math.floor(everyMs * 0.9);
  return {
    tryAcquire: (force) => tryAcquireJobLease(db, name, holder, { ttlMs, minIntervalMs: force ? 0 : minIntervalMs }),
    renew: () => renewJobLease(db, name, holder, ttlMs),
    release: () => releaseJobLease(db, name, holder),
    renewEveryMs: Math.max(1_000, Math.floor(ttlMs / 3)),
  };
}
