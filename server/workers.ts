import type { JobLease } from "~/jobs/lease.server";
import { getLogger, type Logger } from "~/utils/logger.server";

/** A periodic background job that never overlaps itself and logs (not throws) failures, at error level. */
export interface Worker {
  name: string;
  /** Runs one pass now (waits for a pass already under way); with a lease, only if no other process runs it. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

type Log = Pick<Logger, "warn" | "error">;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * With `lease`, each pass first takes the job's lease (docs/decisions/0071):
 * timer ticks only when the job is due across all processes, `runNow` even
 * if not due; never while another process runs it. The lease is renewed
 * while the pass runs and freed at its end.
 */
export function startWorker(
  name: string,
  everyMs: number,
  /** `signal` is aborted by stop(): a long pass may end early (the mail outbox hands its rows back). */
  pass: (signal: AbortSignal) => Promise<unknown>,
  log: Log = getLogger(),
  lease?: JobLease,
): Worker {
  let running: Promise<void> | undefined;
  let stopped = false;
  const stopping = new AbortController();

  const leasedPass = async (force: boolean) => {
    if (!lease) return pass(stopping.signal);
    if (!(await lease.tryAcquire(force))) return;
    let lost = false;
    const heartbeat = setInterval(() => {
      lease
        .renew()
        .then((held) => {
          if (!held && !lost) {
            lost = true;
            log.warn(`[${name}] se perdió el turno de este trabajo (otro proceso lo tomó); la pasada en curso termina igual`);
          }
        })
        .catch((error) => log.warn(`[${name}] no se pudo renovar el turno: ${message(error)}`));
    }, lease.renewEveryMs);
    heartbeat.unref();
    try {
      return await pass(stopping.signal);
    } finally {
      clearInterval(heartbeat);
      await lease.release().catch((error) => log.warn(`[${name}] no se pudo liberar el turno: ${message(error)}`));
    }
  };

  const runOnce = (force: boolean) => {
    running ??= leasedPass(force)
      .then(() => undefined)
      // A failed pass is a fault of ours (or of an engine we depend on): error level, so alerts and tests see it.
      .catch((error: unknown) => log.error({ err: error, job: name }, `[${name}] la pasada falló: ${message(error)}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce(false);
  }, everyMs);
  timer.unref();
  return {
    name,
    runNow: () => runOnce(true),
    async stop() {
      stopped = true;
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
