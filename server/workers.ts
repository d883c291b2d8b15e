/** A periodic background job that never overlaps itself and logs (not throws) failures. */
export interface Worker {
  name: string;
  /** Runs one pass now (waits for a pass already under way). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorker(name: string, everyMs: number, pass: () => Promise<unknown>, log = console): Worker {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = () => {
    running ??= pass()
      .then(() => undefined)
      .catch((error) => log.warn(`[${name}] ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, everyMs);
  timer.unref();
  return {
    name,
    runNow: runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
