import * as Y from "yjs";
import type { CollabLogger } from "./logger";
import type { AppendBatcher } from "./append-batcher";
import type { DocumentStore } from "./persistence";
import type { DocumentJournal } from "./redis-journal";
import type { StoreLane } from "./store-lane";

/*
 * How one document's changes reach the store.
 *
 * Guarantees:
 * - Durable before relayed: `persist(update)` resolves only once the update is
 *   in the Redis journal (with Redis; the same script published it, see
 *   redis-journal.ts), in the database log (group-committed with every other
 *   update of the same turn, see AppendBatcher) or in a snapshot; the caller
 *   relays it after that, so a crash of this process never loses an edit
 *   anyone else has seen. A journalled update is written to the database log
 *   behind (a few ms later, in larger batches) and then deleted from the
 *   journal. A failed write is retried with exponential backoff until it
 *   succeeds (or a compaction covered it); it never gives up while the
 *   document is held (and a journalled one the sweeper stores if we die).
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
  /** Journalled edits wait this long to be written to the database in larger batches. */
  writeBehindMs: number;
  /** How often a process looks for journal entries nobody stored (their writer died), and how old they must be. */
  journalSweepMs: number;
  journalSweepAgeMs: number;
}

export const DEFAULT_STORE_TIMING: StoreTiming = {
  debounceMs: 2_000,
  maxWaitMs: 10_000,
  compactEvery: 200,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  alignMs: 250,
  writeBehindMs: 500,
  journalSweepMs: 10_000,
  journalSweepAgeMs: 5_000,
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
  /** With Redis: the journal, and the batcher that writes journalled updates to the database behind the relay. */
  journal?: { journal: DocumentJournal; writeBehind: AppendBatcher };
}

/** Where an update became durable: "journal" also published it to the other processes. */
export type Durability = "journal" | "store";

interface PendingWrite {
  update: Uint8Array;
  /** Set once the update is durable (its own append or journal entry, or a compaction that covered it). */
  done: boolean;
  settle(where: Durability): void;
  promise: Promise<Durability>;
}

/** A journalled update on its way to the database log. */
interface BehindWrite {
  update: Uint8Array;
  journalId: string;
  done: boolean;
  /** `stored`: the database has it, so its journal entry goes; false only when giving up on it (the sweeper stores it). */
  settle(stored: boolean): void;
  promise: Promise<void>;
}

/** Applying what a compaction merged: not a client's edit, so it is neither persisted again nor published. */
export const STORE_ORIGIN = Symbol("collab-store");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DocumentSaver {
  private readonly writes = new Set<PendingWrite>();
  private readonly behind = new Set<BehindWrite>();
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
  private readonly journal: SaverServices["journal"];

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    /** Log rows already there when loaded: they count towards the next compaction. */
    loadedLogRows: number,
    services: SaverServices,
  ) {
    ({ store: this.store, lane: this.lane, batcher: this.batcher, timing: this.timing, onStored: this.onStored, logger: this.logger, journal: this.journal } = services);
    this.appendsSinceCompaction = loadedLogRows;
  }

  /** Updates not yet in the database (durable or not). */
  get hasUnstoredChanges(): boolean {
    return this.writes.size > 0 || this.behind.size > 0;
  }

  /** Makes a client's update durable; resolves with where it is once it is (see the guarantees above). */
  persist(update: Uint8Array): Promise<Durability> {
    let settle!: (where: Durability) => void;
    const promise = new Promise<Durability>((resolve) => (settle = resolve));
    const write: PendingWrite = { update, done: false, promise, settle: () => undefined };
    write.settle = (where) => {
      if (write.done) return;
      write.done = true;
      this.writes.delete(write);
      settle(where);
    };
    this.writes.add(write);
    const journal = this.journal?.journal;
    if (journal?.available && update.byteLength <= journal.maxEntryBytes) {
      journal.append(this.name, update).then(
        (journalId) => {
          // A compaction that started meanwhile holds it already.
          if (write.done) return journal.remove(this.name, [journalId]);
          write.settle("journal");
          this.noteChange();
          this.writeBehind(update, journalId);
        },
        // Redis went away mid-call: the database then (an entry that did land is stored twice, harmlessly).
        () => void this.appendUntilDurable(write),
      );
    } else void this.appendUntilDurable(write);
    return promise;
  }

  /** Resolves once every update made durable so far is in the database (journalled ones included). */
  async whenStored(): Promise<void> {
    await Promise.all([...this.writes].map((write) => write.promise));
    await Promise.all([...this.behind].map((write) => write.promise));
  }

  /** A change from elsewhere (another process, a merge) reached memory: derived data is due. */
  noteChange(): void {
    const now = Date.now();
    if (!this.changedSinceDerive) this.firstChangeAt = now;
    this.changedSinceDerive = true;
    this.lastChangeAt = now;
    this.armDerive();
  }

  /** Resolves once every update persisted so far is in the database. */
  flush(): Promise<void> {
    return this.whenStored();
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
    // Nothing will retry them now: let waiting relays go (the document is being dropped). Journalled
    // updates still on their way stay in the journal: the sweeper stores them.
    [...this.writes].forEach((write) => write.settle("store"));
    [...this.behind].forEach((write) => write.settle(false));
  }

  private async appendUntilDurable(write: PendingWrite): Promise<void> {
    for (let attempt = 1; !write.done && !this.stopped; attempt += 1) {
      try {
        await this.batcher.append(this.name, write.update);
        write.settle("store");
        this.noteChange();
        this.appended();
        return;
      } catch (error) {
        await sleep(this.failed("append", error));
      }
    }
  }

  private writeBehind(update: Uint8Array, journalId: string): void {
    const writeBehind = this.journal!.writeBehind;
    let settle!: () => void;
    const promise = new Promise<void>((resolve) => (settle = resolve));
    const write: BehindWrite = { update, journalId, done: false, promise, settle: () => undefined };
    write.settle = (stored) => {
      if (write.done) return;
      write.done = true;
      this.behind.delete(write);
      if (stored) this.journal!.journal.remove(this.name, [write.journalId]);
      settle();
    };
    this.behind.add(write);
    void (async () => {
      while (!write.done && !this.stopped) {
        try {
          await writeBehind.append(this.name, update);
          write.settle(true);
          this.appended();
        } catch (error) {
          await sleep(this.failed("append", error));
        }
      }
    })();
  }

  /** A log row was written: counts towards the next compaction. */
  private appended(): void {
    this.failures = 0;
    this.appendsSinceCompaction += 1;
    // Only when nothing is in flight does "everything up to this state vector is stored" hold.
    if (!this.hasUnstoredChanges) this.logStored("append");
    if (this.appendsSinceCompaction >= this.timing.compactEvery && !this.compactionQueued) {
      // One at a time: a burst of appends must not queue a compaction each.
      this.compactionQueued = true;
      this.flushAndCompact()
        .catch(() => undefined)
        .finally(() => (this.compactionQueued = false));
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
    const coveredBehind = [...this.behind];
    const appendsBefore = this.appendsSinceCompaction;
    const state = Y.encodeStateAsUpdate(this.doc);
    try {
      const result = await this.lane.run(() => this.store.compact(this.name, state));
      covered.forEach((write) => write.settle("store"));
      coveredBehind.forEach((write) => write.settle(true));
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
