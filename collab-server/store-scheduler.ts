import * as Y from "yjs";
import type { CollabLogger } from "./logger";
import type { AppendBatcher } from "./append-batcher";
import type { DocumentStore } from "./persistence";
import type { StoreLane } from "./store-lane";

/*
 * When one document's changes reach the store.
 *
 * Guarantees: a change is appended at most `debounceMs` after editing pauses
 * and never later than `maxWaitMs` after it was made (each plus at most
 * `alignMs`, to batch documents together); nothing is written when
 * nothing changed; store operations of a document run one at a time, in
 * order; a failed write keeps its updates in memory and is retried with
 * exponential backoff; every `compactEvery` appends (and on unload/shutdown)
 * the log is folded into a snapshot. When an operation succeeds, the state the
 * document had when it started is durable: `onStored` receives that state vector.
 */

export interface StoreTiming {
  debounceMs: number;
  maxWaitMs: number;
  compactEvery: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /**
   * Store times are rounded up to a multiple of this, the same instants for
   * every document, so documents due at about the same time share one batch.
   */
  alignMs: number;
}

export const DEFAULT_STORE_TIMING: StoreTiming = {
  debounceMs: 2_000,
  maxWaitMs: 10_000,
  compactEvery: 50,
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

export class DocumentSaver {
  private pending: Uint8Array[] = [];
  private firstPendingAt = 0;
  private lastChangeAt = 0;
  private retryAt = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  private readonly store: DocumentStore;
  private readonly lane: StoreLane;
  private readonly batcher: AppendBatcher;
  private readonly timing: StoreTiming;
  private readonly onStored: OnStored | undefined;
  private readonly logger: CollabLogger;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    /** Log rows not yet folded into the snapshot: the next compaction replaces them. */
    private logIds: number[],
    services: SaverServices,
  ) {
    ({ store: this.store, lane: this.lane, batcher: this.batcher, timing: this.timing, onStored: this.onStored, logger: this.logger } = services);
    doc.on("update", this.recordChange);
  }

  get hasUnstoredChanges(): boolean {
    return this.pending.length > 0;
  }

  /** Appends pending changes now (no-op when there are none). Rejects if the write failed; a retry is scheduled. */
  flush(): Promise<void> {
    return this.enqueue(() => this.appendPending());
  }

  /** Appends and folds the log into a snapshot: used on unload and shutdown. */
  flushAndCompact(): Promise<void> {
    return this.enqueue(() => this.compactNow());
  }

  /** Stops timers and listening; pending changes not yet stored are the caller's concern. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.doc.off("update", this.recordChange);
  }

  private readonly recordChange = (update: Uint8Array) => {
    const now = Date.now();
    if (this.pending.length === 0) this.firstPendingAt = now;
    this.lastChangeAt = now;
    this.pending.push(update);
    this.arm();
  };

  private dueAt(): number {
    const due = Math.max(Math.min(this.lastChangeAt + this.timing.debounceMs, this.firstPendingAt + this.timing.maxWaitMs), this.retryAt);
    return Math.ceil(due / this.timing.alignMs) * this.timing.alignMs;
  }

  /** One timer per document, re-armed lazily when it fires early (cheaper than resetting it on every keystroke). */
  private arm(): void {
    if (this.timer || this.stopped || this.pending.length === 0) return;
    this.timer = setTimeout(this.onTimer, Math.max(0, this.dueAt() - Date.now()));
  }

  private readonly onTimer = () => {
    this.timer = undefined;
    if (this.pending.length === 0 || this.stopped) return;
    if (Date.now() < this.dueAt() - 1) return this.arm();
    // Failures are logged and retried by the operation itself.
    this.flush().catch(() => undefined);
  };

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const stateVector = Y.encodeStateVector(this.doc);
    const merged = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
    try {
      const id = await this.batcher.append(this.name, merged);
      this.logIds.push(id);
      this.succeeded({ kind: "append", stateVector });
    } catch (error) {
      // Keep the (merged) changes ahead of anything that arrived meanwhile.
      this.pending = [merged, ...this.pending];
      this.failed("append", error);
      throw error;
    }
    if (this.logIds.length >= this.timing.compactEvery) await this.compactNow();
  }

  private async compactNow(): Promise<void> {
    if (this.pending.length === 0 && this.logIds.length === 0) return;
    // The snapshot includes every pending change: they need no separate append.
    const batch = this.pending;
    this.pending = [];
    const replaced = [...this.logIds];
    const stateVector = Y.encodeStateVector(this.doc);
    const state = Y.encodeStateAsUpdate(this.doc);
    try {
      await this.lane.run(() => this.store.compact(this.name, state, replaced));
      this.logIds = this.logIds.filter((id) => !replaced.includes(id));
      this.succeeded({ kind: "compact", stateVector });
    } catch (error) {
      this.pending = [...batch, ...this.pending];
      this.failed("compact", error);
      throw error;
    }
  }

  private succeeded(info: StoredInfo): void {
    this.failures = 0;
    this.retryAt = 0;
    this.logger.debug("document stored", {
      document: this.name,
      kind: info.kind,
      stateVector: Buffer.from(info.stateVector).toString("base64"),
    });
    if (this.onStored) {
      try {
        Promise.resolve(this.onStored(this.name, this.doc, info)).catch((error: unknown) =>
          this.logger.error("onStored hook failed", { document: this.name, error }),
        );
      } catch (error) {
        this.logger.error("onStored hook failed", { document: this.name, error });
      }
    }
    // Changes that arrived during the write already started their own wait.
    this.arm();
  }

  private failed(kind: StoredInfo["kind"], error: unknown): void {
    this.failures += 1;
    const backoff = Math.min(this.timing.retryBaseMs * 2 ** (this.failures - 1), this.timing.retryMaxMs);
    const delay = backoff / 2 + Math.random() * (backoff / 2);
    this.retryAt = Date.now() + delay;
    this.logger.error("document store failed", { document: this.name, kind, failures: this.failures, retryInMs: Math.round(delay), error });
    this.arm();
  }
}
