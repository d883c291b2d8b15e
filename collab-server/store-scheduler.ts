import * as Y from "yjs";
import type { CollabLogger } from "./logger";
import type { AppendBatcher } from "./append-batcher";
import type { DocumentStore } from "./persistence";
import type { StoreLane } from "./store-lane";

/*
 * How one document's changes reach the store.
 *
 * Guarantees:
 * - Durable before relayed: `persist(update)` resolves only once the update is
 *   in the database log (group-committed with every other update of the same
 *   turn, see AppendBatcher) or in a snapshot; the caller relays it after that,
 *   so a crash of this process never loses an edit anyone else has seen. A
 *   failed write is retried with exponential backoff until it succeeds (or a
 *   compaction covered it); it never gives up while the document is held.
 * - Every `compactEvery` appends (and on unload/shutdown) the log is folded
 *   into the snapshot by a MERGE (see persistence.ts): whatever other
 *   processes stored survives, and what they stored comes back into memory.
 * - Derived data (`onStored`: section text, search) runs at most `debounceMs`
 *   after editing pauses and never later than `maxWaitMs` after a change (each
 *   plus at most `alignMs`, so documents share batches), and after each
 *   compaction with the merged state.
 */

export interface StoreTiming {
  /** Derived data: quiet time after the last change. */
  debounceMs: number;
  /** Derived data: longest wait after the first change. */
  maxWaitMs: number;
  compactEvery: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Derive times are rounded up to a multiple of this, the same instants for every document. */
  alignMs: number;
}

export const DEFAULT_STORE_TIMING: StoreTiming = {
  debounceMs: 2_000,
  maxWaitMs: 10_000,
  compactEvery: 200,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  alignMs: 250,
};

export interface StoredInfo {
  kind: "append" | "compact";
  /** Everything up to this state vector is in the store. */
  stateVector: Uint8Array;
}

export type OnStored = (documentName: string, doc: Y.Doc, info: StoredInfo) => void | Promise<void>;

/** What every document's saver shares. */
export interface SaverServices {
  store: DocumentStore;
  lane: StoreLane;
  batcher: AppendBatcher;
  timing: StoreTiming;
  onStored?: OnStored;
  logger: CollabLogger;
}

interface PendingWrite {
  update: Uint8Array;
  /** Set once the update is durable (its own append, or a compaction that covered it). */
  done: boolean;
  settle(): void;
  promise: Promise<void>;
}

/** Applying what a compaction merged: not a client's edit, so it is neither persisted again nor published. */
export const STORE_ORIGIN = Symbol("collab-store");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DocumentSaver {
  private readonly writes = new Set<PendingWrite>();
  private appendsSinceCompaction: number;
  private firstChangeAt = 0;
  private lastChangeAt = 0;
  private changedSinceDerive = false;
  private deriveTimer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private failures = 0;
  private compactionQueued = false;

  private readonly store: DocumentStore;
  private readonly lane: StoreLane;
  private readonly batcher: AppendBatcher;
  private readonly timing: StoreTiming;
  private readonly onStored: OnStored | undefined;
  private readonly logger: CollabLogger;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    /** Log rows already there when loaded: they count towards the next compaction. */
    loadedLogRows: number,
    services: SaverServices,
  ) {
    ({ store: this.store, lane: this.lane, batcher: this.batcher, timing: this.timing, onStored: this.onStored, logger: this.logger } = services);
    this.appendsSinceCompaction = loadedLogRows;
  }

  /** Updates not yet durable. */
  get hasUnstoredChanges(): boolean {
    return [...this.writes].some((write) => !write.done);
  }

  /** Makes a client's update durable; resolves when it is (see the guarantees above). */
  persist(update: Uint8Array): Promise<void> {
    let settle!: () => void;
    const promise = new Promise<void>((resolve) => (settle = resolve));
    const write: PendingWrite = { update, done: false, promise, settle: () => undefined };
    write.settle = () => {
      if (write.done) return;
      write.done = true;
      this.writes.delete(write);
      settle();
    };
    this.writes.add(write);
    void this.appendUntilDurable(write);
    return promise;
  }

  /** A change from elsewhere (another process, a merge) reached memory: derived data is due. */
  noteChange(): void {
    const now = Date.now();
    if (!this.changedSinceDerive) this.firstChangeAt = now;
    this.changedSinceDerive = true;
    this.lastChangeAt = now;
    this.armDerive();
  }

  /** Resolves once every update persisted so far is durable. */
  async flush(): Promise<void> {
    await Promise.all([...this.writes].map((write) => write.promise));
  }

  /** Folds the log and memory into the snapshot: used every `compactEvery` appends, on unload and shutdown. Rejects if it failed. */
  flushAndCompact(): Promise<void> {
    return this.enqueue(() => this.compactNow());
  }

  /** Stops timers and retries; updates not yet durable are the caller's concern (close compacts first). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.deriveTimer);
    this.deriveTimer = undefined;
    // Nothing will retry them now: let waiting relays go (the document is being dropped).
    [...this.writes].forEach((write) => write.settle());
  }

  private async appendUntilDurable(write: PendingWrite): Promise<void> {
    for (let attempt = 1; !write.done && !this.stopped; attempt += 1) {
      try {
        await this.batcher.append(this.name, write.update);
        this.failures = 0;
        write.settle();
        this.appendsSinceCompaction += 1;
        this.noteChange();
        // Only when nothing is in flight does "everything up to this state vector is stored" hold.
        if (this.writes.size === 0) this.logStored("append");
        if (this.appendsSinceCompaction >= this.timing.compactEvery && !this.compactionQueued) {
          // One at a time: a burst of appends must not queue a compaction each.
          this.compactionQueued = true;
          this.flushAndCompact()
            .catch(() => undefined)
            .finally(() => (this.compactionQueued = false));
        }
        return;
      } catch (error) {
        await sleep(this.failed("append", error));
      }
    }
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async compactNow(): Promise<void> {
    // Writes started before this point are in the state we send: the snapshot makes them durable.
    const covered = [...this.writes];
    const appendsBefore = this.appendsSinceCompaction;
    const state = Y.encodeStateAsUpdate(this.doc);
    try {
      const result = await this.lane.run(() => this.store.compact(this.name, state));
      covered.forEach((write) => write.settle());
      this.appendsSinceCompaction = Math.max(0, this.appendsSinceCompaction - appendsBefore);
      this.failures = 0;
      // What other processes stored (and we missed, e.g. while Redis was down) comes back.
      if (!this.stopped) Y.applyUpdate(this.doc, result.merged, STORE_ORIGIN);
      this.logStored("compact");
      this.runDerive("compact");
    } catch (error) {
      this.failed("compact", error);
      throw error;
    }
  }

  private logStored(kind: StoredInfo["kind"]): void {
    // Encoding the state vector costs as much as a small append: only when someone reads it.
    if (this.logger.isEnabled?.("debug") === false) return;
    this.logger.debug("document stored", {
      document: this.name,
      kind,
      stateVector: Buffer.from(Y.encodeStateVector(this.doc)).toString("base64"),
    });
  }

  private dueAt(): number {
    const due = Math.min(this.lastChangeAt + this.timing.debounceMs, this.firstChangeAt + this.timing.maxWaitMs);
    return Math.ceil(due / this.timing.alignMs) * this.timing.alignMs;
  }

  /** One timer per document, re-armed lazily when it fires early (cheaper than resetting it on every keystroke). */
  private armDerive(): void {
    if (this.deriveTimer || this.stopped || !this.changedSinceDerive) return;
    this.deriveTimer = setTimeout(this.onDeriveTimer, Math.max(0, this.dueAt() - Date.now()));
  }

  private readonly onDeriveTimer = () => {
    this.deriveTimer = undefined;
    if (!this.changedSinceDerive || this.stopped) return;
    if (Date.now() < this.dueAt() - 1) return this.armDerive();
    this.runDerive("append");
  };

  private runDerive(kind: StoredInfo["kind"]): void {
    this.changedSinceDerive = false;
    clearTimeout(this.deriveTimer);
    this.deriveTimer = undefined;
    if (!this.onStored) return;
    const info: StoredInfo = { kind, stateVector: Y.encodeStateVector(this.doc) };
    try {
      Promise.resolve(this.onStored(this.name, this.doc, info)).catch((error: unknown) =>
        this.logger.error("onStored hook failed", { document: this.name, error }),
      );
    } catch (error) {
      this.logger.error("onStored hook failed", { document: this.name, error });
    }
  }

  /** Logs a failed store operation; returns how long to wait before retrying. */
  private failed(kind: StoredInfo["kind"], error: unknown): number {
    this.failures += 1;
    const backoff = Math.min(this.timing.retryBaseMs * 2 ** (this.failures - 1), this.timing.retryMaxMs);
    const delay = backoff / 2 + Math.random() * (backoff / 2);
    this.logger.error("document store failed", { document: this.name, kind, failures: this.failures, retryInMs: Math.round(delay), error });
    return delay;
  }
}
