import { Awareness, encodeAwarenessUpdate, removeAwarenessStates, applyAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { encodeAwareness, encodeSyncStep1, encodeUpdate, type ProtocolDocument, type ProtocolPeer } from "./protocol";

/*
 * One document in memory: the Y.Doc, its presence (awareness) and the sockets
 * attached to it.
 *
 * Guarantees: an update a local peer sends is relayed to the other local peers
 * and published to other processes only AFTER `hooks.persist` said it is
 * durable (in arrival order per document; the journal publishes it itself,
 * right after writing it), never echoed to its sender; updates
 * from elsewhere (load, another process, a store merge) are relayed to local
 * peers at once — they are durable already. Presence owned by a local peer is
 * published and removed (and the removal announced) when that peer leaves; a
 * peer only speaks for awareness ids it claimed first (or that another socket
 * of the same user held, e.g. after a reconnect the server has not noticed yet).
 * Anything another process sends that does not decode is dropped here, alone.
 */

export interface DocumentPeer extends ProtocolPeer {
  readonly userId: string;
  send(message: Uint8Array): void;
}

/** What the document needs from the store and from the other processes. */
export interface DocumentHooks {
  /** Resolves once a local peer's update is durable: "journal" when that also published it to the other processes. */
  persist(update: Uint8Array): Promise<"journal" | "store">;
  /** Tells other processes (after it is durable, unless the journal did). */
  publishUpdate(update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
  /** A change that did not come from a local peer reached memory. */
  noteChange(): void;
}

/** Origins of changes that are already durable: relayed to local peers, neither stored nor published again. */
export const LOAD_ORIGIN = Symbol("collab-load");
export const REMOTE_ORIGIN = Symbol("collab-remote");
/**
 * A change the server itself makes (upgrading a document's shape on load): an
 * object, not a symbol, so it is stored and published like a peer's edit.
 */
export const SERVER_CHANGE_ORIGIN = Object.freeze({ change: "server" });
/** A local peer left: its presence removal is published. */
const LEAVE_ORIGIN = Symbol("collab-leave");

export class SharedDocument<Peer extends DocumentPeer> implements ProtocolDocument<Peer> {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly peers = new Map<Peer, Set<number>>();
  private readonly awarenessOwners = new Map<number, Peer>();
  private hooks: DocumentHooks | undefined;
  private relayTail: Promise<void> = Promise.resolve();
  private destroyed = false;

  constructor(
    readonly name: string,
    private readonly maxAwarenessClientsPerPeer: number,
  ) {
    this.doc = new Y.Doc({ gc: true });
    this.awareness = new Awareness(this.doc);
    // The server itself has no presence.
    this.awareness.setLocalState(null);
    this.doc.on("update", this.relayUpdate);
    this.awareness.on("update", this.relayAwareness);
  }

  /** Set once the document is loaded (before any peer joins). */
  setHooks(hooks: DocumentHooks): void {
    this.hooks = hooks;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  allPeers(): IterableIterator<Peer> {
    return this.peers.keys();
  }

  /** Attaches a peer and sends it the opening of the sync: our state vector and current presence. */
  join(peer: Peer): void {
    this.peers.set(peer, new Set());
    peer.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) peer.send(encodeAwareness(this.awareness, [...states.keys()]));
  }

  /** Detaches a peer and withdraws its presence from everyone else. */
  leave(peer: Peer): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    this.peers.delete(peer);
    for (const id of owned) {
      if (this.awarenessOwners.get(id) === peer) this.awarenessOwners.delete(id);
    }
    const stillPresent = [...owned].filter((id) => this.awareness.getStates().has(id) && !this.awarenessOwners.has(id));
    if (stillPresent.length > 0) removeAwarenessStates(this.awareness, stillPresent, LEAVE_ORIGIN);
  }

  claimAwarenessClients(peer: Peer, clientIds: number[]): boolean {
    const owned = this.peers.get(peer);
    if (!owned) return false;
    const added = new Set<number>();
    for (const id of clientIds) {
      const owner = this.awarenessOwners.get(id);
      if (owner === peer) continue;
      if (owner && owner.userId !== peer.userId) return false;
      added.add(id);
    }
    if (owned.size + added.size > this.maxAwarenessClientsPerPeer) return false;
    for (const id of added) {
      const previous = this.awarenessOwners.get(id);
      if (previous) this.peers.get(previous)?.delete(id);
      this.awarenessOwners.set(id, peer);
      owned.add(id);
    }
    return true;
  }

  /**
   * Runs `send` once every local edit applied so far is durable, in order with
   * the relays (for replies encoded from memory, such as sync step 2).
   */
  afterPendingWrites(send: () => void, evenIfDestroyed = false): void {
    this.relayTail = this.relayTail.then(() => {
      if (!this.destroyed || evenIfDestroyed) send();
    });
  }

  /** An update another process made durable. Returns false (and changes nothing) when it does not decode. */
  applyRemoteUpdate(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
      return true;
    } catch {
      return false;
    }
  }

  /** Presence from another process. Returns false when it does not decode. */
  applyRemoteAwareness(update: Uint8Array): boolean {
    try {
      applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
      return true;
    } catch {
      return false;
    }
  }

  /** The presence of this process's own peers (another process asked for it), or null when there is none. */
  localAwarenessUpdate(): Uint8Array | null {
    const ids = [...this.awarenessOwners.keys()].filter((id) => this.awareness.getStates().has(id));
    return ids.length > 0 ? encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.off("update", this.relayUpdate);
    this.awareness.off("update", this.relayAwareness);
    this.awareness.destroy();
    this.doc.destroy();
    this.peers.clear();
    this.awarenessOwners.clear();
  }

  private sendToPeers(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers.keys()) {
      if (peer !== except) peer.send(message);
    }
  }

  private readonly relayUpdate = (update: Uint8Array, origin: unknown) => {
    const hooks = this.hooks;
    if (origin === LOAD_ORIGIN || origin === REMOTE_ORIGIN || typeof origin === "symbol" || !hooks) {
      if (origin === REMOTE_ORIGIN) hooks?.noteChange();
      if (this.peers.size > 0) this.sendToPeers(encodeUpdate(update), null);
      return;
    }
    const durable = hooks.persist(update);
    this.relayTail = this.relayTail
      .then(() => durable)
      .then((where) => {
        if (this.destroyed) return;
        // Other processes first: their clients wait on one more hop (Redis) than ours do.
        if (where !== "journal") hooks.publishUpdate(update);
        if (this.peers.size > 0) this.sendToPeers(encodeUpdate(update), origin);
      });
  };

  private readonly relayAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    if (this.peers.size > 0) this.sendToPeers(encodeAwareness(this.awareness, changed), origin);
    // Only what this process's own peers said (or their leaving) goes to the others.
    const local = origin === LEAVE_ORIGIN || (origin !== null && this.peers.has(origin as Peer));
    if (local) this.hooks?.publishAwareness(encodeAwarenessUpdate(this.awareness, changed));
  };
}
