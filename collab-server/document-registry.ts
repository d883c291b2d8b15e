import * as Y from "yjs";
import { AppendBatcher } from "./append-batcher";
import type { CollabLogger } from "./logger";
import type { DocumentStore } from "./persistence";
import { startJournalSweeper, type DocumentJournal } from "./redis-journal";
import { RelayMessage, type DocumentRelay } from "./redis-relay";
import { LOAD_ORIGIN, SERVER_CHANGE_ORIGIN, SharedDocument, type DocumentPeer } from "./shared-document";
import { StoreLane } from "./store-lane";
import { DocumentSaver, type OnStored, type SaverServices, type StoreTiming } from "./store-scheduler";

/*
 * The documents held in memory.
 *
 * Guarantees: a document is loaded once however many sockets ask for it at
 * the same time, and `whenReady` resolves only after the stored state was
 * applied (a stored document is never served empty; a failed load is
 * forgotten so the next socket retries it). A document stays in memory while
 * anyone holds it and, after the last holder left, until its changes were
 * stored and compacted (retried with backoff); only then is it dropped.
 * With a relay (Redis), a document is subscribed BEFORE it is read from the
 * store: an update another process makes durable is either in what we read or
 * in a message we receive (applying it twice is harmless) — with the journal,
 * read before the store: an entry deleted in between was stored first. After
 * a relay outage every document catches up from journal and store (`resync`). A document
 * stored in an older shape is upgraded once loaded (`upgrade`), before anyone
 * is served.
 */

export class TooManyDocumentsError extends Error {
  constructor(max: number) {
    super(`more than ${max} documents in memory`);
    this.name = "TooManyDocumentsError";
  }
}

interface Entry<Peer extends DocumentPeer> {
  shared: SharedDocument<Peer>;
  ready: Promise<void>;
  saver?: DocumentSaver;
  holders: number;
  unloading: boolean;
}

export interface RegistryOptions {
  store: DocumentStore;
  timing: StoreTiming;
  /** Store operations at once (1 suits PGlite; PostgreSQL can take a few). */
  storeConcurrency: number;
  maxDocuments: number;
  maxAwarenessClientsPerPeer: number;
  onStored?: OnStored;
  logger: CollabLogger;
  /** Other processes (Redis); none: this process is the only one serving documents. */
  relay?: DocumentRelay;
  /** With the relay: edits are durable in Redis streams first, the database follows (redis-journal.ts). */
  journal?: DocumentJournal;
  /** Brings a document stored in an older shape up to date once loaded (see DocumentUpgrade). */
  upgrade?: DocumentUpgrade;
}

/**
 * Changes a just-loaded document into the current shape (the feature's
 * document kind decides; e.g. budget cells as Y.Text). Runs before any peer
 * is served; whatever it changes is stored and relayed like an edit. It must
 * be idempotent and change nothing in a document already up to date.
 */
export type DocumentUpgrade = (documentName: string, doc: Y.Doc) => void;

export interface DocumentLease<Peer extends DocumentPeer> {
  shared: SharedDocument<Peer>;
  /** Resolves once the stored state is applied; rejects if loading failed. */
  whenReady: Promise<void>;
  /** Detaches the peer (if it joined) and lets go; the last release stores and unloads. Idempotent. */
  release(peer: Peer): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DocumentRegistry<Peer extends DocumentPeer> {
  private readonly entries = new Map<string, Entry<Peer>>();
  private closing = false;
  private readonly lane: StoreLane;
  private readonly saverServices: SaverServices;
  private readonly stopSweeper: () => void = () => undefined;

  constructor(private readonly options: RegistryOptions) {
    this.lane = new StoreLane(options.storeConcurrency);
    const { store, timing, onStored, logger, journal } = options;
    this.saverServices = {
      store,
      lane: this.lane,
      batcher: new AppendBatcher(store, this.lane),
      timing,
      onStored,
      logger,
      journal: journal && { journal, writeBehind: new AppendBatcher(store, this.lane, undefined, timing.writeBehindMs) },
    };
    if (journal) {
      this.stopSweeper = startJournalSweeper({
        journal,
        store: (entries) => this.lane.run(() => store.append(entries)),
        everyMs: timing.journalSweepMs,
        ageMs: timing.journalSweepAgeMs,
        logger,
      });
    }
  }

  /**
   * Holds the document (loading it if needed) until the lease is released;
   * throws TooManyDocumentsError when full. The lease is bound to this
   * entry: releasing it after a failed load cannot touch a newer entry.
   */
  acquire(name: string): DocumentLease<Peer> {
    let entry = this.entries.get(name);
    if (!entry) {
      if (this.entries.size >= this.options.maxDocuments) throw new TooManyDocumentsError(this.options.maxDocuments);
      entry = this.createEntry(name);
    }
    const held = entry;
    held.holders += 1;
    let released = false;
    return {
      shared: held.shared,
      whenReady: held.ready,
      release: (peer) => {
        if (released) return;
        released = true;
        held.shared.leave(peer);
        held.holders -= 1;
        if (held.holders === 0 && this.entries.get(name) === held) void this.unloadWhenStored(name, held);
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }

  stats() {
    let unstored = 0;
    let peers = 0;
    for (const entry of this.entries.values()) {
      if (entry.saver?.hasUnstoredChanges) unstored += 1;
      peers += entry.shared.peerCount;
    }
    return { documents: this.entries.size, documentsWithUnstoredChanges: unstored, attachedPeers: peers, queuedStoreOperations: this.lane.queued };
  }

  /** Appends every document's pending changes now; rejects if any write failed (those are retried). */
  async flushAll(): Promise<void> {
    const results = await Promise.allSettled(
      [...this.entries.values()].map(async (entry) => {
        await entry.ready;
        await entry.saver?.flush();
      }),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason), "flush failed");
  }

  /**
   * Resolves once every edit this process accepted for the document so far is
   * in the database (at once when the document is not in memory here): a
   * reader of the store then sees all of them.
   */
  async whenDurable(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry || !(await entry.ready.then(() => true, () => false))) return;
    await new Promise<void>((resolve) => entry.shared.afterPendingWrites(resolve, true));
    await entry.saver?.whenStored();
  }

  /** Reads every loaded document from the store again and merges it in (after a relay outage: what we missed). */
  async resync(): Promise<void> {
    await Promise.all(
      [...this.entries].map(async ([name, entry]) => {
        if (!(await entry.ready.then(() => true, () => false))) return;
        try {
          const journalled = await this.readJournal(name);
          const stored = await this.lane.run(() => this.options.store.load(name), true);
          const updates = [...(stored?.updates ?? []), ...journalled];
          if (updates.length > 0 && this.entries.get(name) === entry) entry.shared.applyRemoteUpdate(Y.mergeUpdates(updates));
          this.options.relay?.publish(name, RelayMessage.AWARENESS_QUERY);
          const presence = entry.shared.localAwarenessUpdate();
          if (presence) this.options.relay?.publish(name, RelayMessage.AWARENESS, presence);
        } catch (error) {
          this.options.logger.warn("document resync failed", { document: name, error });
        }
      }),
    );
  }

  /** Stores and compacts every document (a few attempts each), then drops them all. */
  async close(attempts = 3): Promise<void> {
    this.closing = true;
    this.stopSweeper();
    const failed: string[] = [];
    await Promise.all(
      [...this.entries].map(async ([name, entry]) => {
        const loaded = await entry.ready.then(() => true, () => false);
        for (let attempt = 1; loaded && entry.saver; attempt += 1) {
          try {
            await entry.saver.flushAndCompact();
            break;
          } catch {
            if (attempt >= attempts) {
              failed.push(name);
              break;
            }
            await sleep(this.options.timing.retryBaseMs * attempt);
          }
        }
        this.drop(name, entry);
      }),
    );
    if (failed.length > 0) {
      this.options.logger.error("documents not stored at shutdown", { documents: failed });
      throw new Error(`No se pudieron guardar ${failed.length} documentos al cerrar: ${failed.join(", ")}`);
    }
  }

  private createEntry(name: string): Entry<Peer> {
    const { store, timing, logger, relay } = this.options;
    const shared = new SharedDocument<Peer>(name, this.options.maxAwarenessClientsPerPeer);
    const entry: Entry<Peer> = { shared, ready: Promise.resolve(), holders: 0, unloading: false };
    const startedAt = performance.now();
    entry.ready = (async () => {
      try {
        await relay?.subscribe(name, {
          update: (update) => {
            if (!shared.applyRemoteUpdate(update)) logger.warn("relayed update dropped: does not decode", { document: name });
          },
          awareness: (update) => {
            if (!shared.applyRemoteAwareness(update)) logger.warn("relayed presence dropped: does not decode", { document: name });
          },
          awarenessQuery: () => {
            const presence = shared.localAwarenessUpdate();
            if (presence) relay.publish(name, RelayMessage.AWARENESS, presence);
          },
        });
        const journalled = await this.readJournal(name);
        const stored = await this.lane.run(() => store.load(name), true);
        Y.transact(shared.doc, () => [...(stored?.updates ?? []), ...journalled].forEach((update) => Y.applyUpdate(shared.doc, update)), LOAD_ORIGIN);
        const saver = new DocumentSaver(name, shared.doc, stored?.logIds.length ?? 0, this.saverServices);
        entry.saver = saver;
        shared.setHooks({
          persist: (update) => saver.persist(update),
          publishUpdate: (update) => relay?.publish(name, RelayMessage.UPDATE, update),
          publishAwareness: (update) => relay?.publish(name, RelayMessage.AWARENESS, update),
          noteChange: () => saver.noteChange(),
        });
        this.upgrade(name, shared);
        relay?.publish(name, RelayMessage.AWARENESS_QUERY);
        logger.debug("document loaded", {
          document: name,
          stored: stored !== null,
          logRows: stored?.logIds.length ?? 0,
          ms: Math.round(performance.now() - startedAt),
        });
        // A log left long by a crash is folded right away.
        if ((stored?.logIds.length ?? 0) >= timing.compactEvery) entry.saver.flushAndCompact().catch(() => undefined);
      } catch (error) {
        logger.error("document load failed", { document: name, error });
        if (this.entries.get(name) === entry) {
          this.entries.delete(name);
          void relay?.unsubscribe(name);
        }
        shared.destroy();
        throw error;
      }
    })();
    // Holders observe the failure through whenReady; avoid an unhandled rejection here.
    entry.ready.catch(() => undefined);
    this.entries.set(name, entry);
    return entry;
  }

  /**
   * The document's journal entries (edits other processes made durable that may not be in the
   * database yet). Redis down: none — the relay's comeback resyncs from journal and store.
   */
  private async readJournal(name: string): Promise<Uint8Array[]> {
    const journal = this.options.journal;
    if (!journal?.available) return [];
    try {
      return (await journal.read(name)).map((entry) => entry.update);
    } catch (error) {
      this.options.logger.warn("journal read failed; catching up when Redis is back", { document: name, error });
      return [];
    }
  }

  /** After the hooks are set, so the upgrade is stored and published like any edit; a failure leaves the document as stored. */
  private upgrade(name: string, shared: SharedDocument<Peer>): void {
    const upgrade = this.options.upgrade;
    if (!upgrade) return;
    try {
      Y.transact(shared.doc, () => upgrade(name, shared.doc), SERVER_CHANGE_ORIGIN);
    } catch (error) {
      this.options.logger.warn("document upgrade failed; served as stored", { document: name, error });
    }
  }

  private async unloadWhenStored(name: string, entry: Entry<Peer>): Promise<void> {
    if (entry.unloading) return;
    entry.unloading = true;
    try {
      if (!(await entry.ready.then(() => true, () => false))) return;
      for (let attempt = 0; !this.closing; ) {
        if (entry.holders > 0) return;
        try {
          await entry.saver!.flushAndCompact();
        } catch {
          attempt += 1;
          await sleep(Math.min(this.options.timing.retryBaseMs * 2 ** attempt, this.options.timing.retryMaxMs));
          continue;
        }
        // Someone came back (or wrote) while we were storing: keep it or store again.
        if (entry.holders > 0) return;
        if (entry.saver!.hasUnstoredChanges) continue;
        this.drop(name, entry);
        return;
      }
    } finally {
      entry.unloading = false;
    }
  }

  private drop(name: string, entry: Entry<Peer>): void {
    if (this.entries.get(name) === entry) {
      this.entries.delete(name);
      void this.options.relay?.unsubscribe(name);
    }
    entry.saver?.stop();
    entry.shared.destroy();
  }
}
