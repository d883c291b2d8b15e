/*
 * A single lane for every store operation of the server.
 *
 * Guarantee: at most `concurrency` store operations run at once, and each one
 * starts on a fresh turn of the event loop. Why: PGlite executes a statement
 * synchronously on the main thread and runs queued statements back to back,
 * so 50 documents reaching their max wait together would freeze message relay
 * for the whole burst; through the lane, relays interleave between
 * statements. Loads (someone is waiting to open a document) go before writes.
 */

type Task = () => void;

export class StoreLane {
  private readonly urgent: Task[] = [];
  private readonly normal: Task[] = [];
  private running = 0;

  constructor(private readonly concurrency = 1) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency inválida: ${concurrency}`);
  }

  /** Runs `operation` when a slot is free; `urgent` jumps ahead of queued writes. */
  run<T>(operation: () => Promise<T>, urgent = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (urgent ? this.urgent : this.normal).push(() => {
        operation().then(resolve, reject).finally(() => {
          this.running -= 1;
          this.pump();
        });
      });
      this.pump();
    });
  }

  get queued(): number {
    return this.urgent.length + this.normal.length;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queued > 0) {
      const task = (this.urgent.shift() ?? this.normal.shift())!;
      this.running += 1;
      // A macrotask boundary: pending socket messages are handled before the next statement.
      setImmediate(task);
    }
  }
}
