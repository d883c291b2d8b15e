import { Awareness, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { encodeAwareness, encodeSyncStep1, encodeUpdate, type ProtocolDocument, type ProtocolPeer } from "./protocol";

/*
 * One document in memory: the Y.Doc, its presence (awareness) and the sockets
 * attached to it.
 *
 * Guarantees: every applied update is relayed once to every other attached
 * peer (never echoed to its sender); presence owned by a peer is removed and
 * announced when that peer leaves; a peer only speaks for awareness ids it
 * claimed first (or that another socket of the same user held, e.g. after a
 * reconnect the server has not noticed yet).
 */

export interface DocumentPeer extends ProtocolPeer {
  readonly userId: string;
  send(message: Uint8Array): void;
}

export class SharedDocument<Peer extends DocumentPeer> implements ProtocolDocument<Peer> {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly peers = new Map<Peer, Set<number>>();
  private readonly awarenessOwners = new Map<number, Peer>();

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
    if (stillPresent.length > 0) removeAwarenessStates(this.awareness, stillPresent, null);
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

  destroy(): void {
    this.doc.off("update", this.relayUpdate);
    this.awareness.off("update", this.relayAwareness);
    this.awareness.destroy();
    this.doc.destroy();
    this.peers.clear();
    this.awarenessOwners.clear();
  }

  private readonly relayUpdate = (update: Uint8Array, origin: unknown) => {
    if (this.peers.size === 0) return;
    const message = encodeUpdate(update);
    for (const peer of this.peers.keys()) {
      if (peer !== origin) peer.send(message);
    }
  };

  private readonly relayAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0 || this.peers.size === 0) return;
    const message = encodeAwareness(this.awareness, changed);
    for (const peer of this.peers.keys()) {
      if (peer !== origin) peer.send(message);
    }
  };
}
