import * as Y from "yjs";

/*
 * "Enviar por partes": what the server lacks from this device (e.g. a huge
 * text kept in IndexedDB from before the size checks) cut into updates that
 * each fit in one message. Each piece is the document at a later state vector
 * minus the previous one: for every client, a range of its clocks, in clock
 * order, so the server can integrate them one after the other (Yjs also keeps
 * a piece whose dependencies are still on their way until they arrive).
 */

/** Clock units per piece: a UTF-16 code unit of text weighs at most 3 UTF-8 bytes. */
const BYTES_PER_CLOCK = 3;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Moves a cut off the middle of a surrogate pair (splitting there would garble the character). */
function safeCut(doc: Y.Doc, client: number, clock: number, floor: number): number {
  const structs = doc.store.clients.get(client);
  if (!structs || clock <= floor) return clock;
  const struct = structs[Y.findIndexSS(structs, clock - 1)];
  if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) {
    const offset = clock - struct.id.clock;
    if (offset > 0 && offset < struct.length && isHighSurrogate(struct.content.str.charCodeAt(offset - 1))) return clock - 1;
  }
  return clock;
}

/**
 * The updates that bring a server at `serverState` up to `doc`, each carrying
 * at most about `pieceBytes` of content (plus the delete set).
 */
export function splitMissingChange(doc: Y.Doc, serverState: Map<number, number>, pieceBytes: number): Uint8Array[] {
  // Snapshots need a document that keeps deleted content: a copy (the editor's document collects garbage).
  const copy = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const local = Y.decodeStateVector(Y.encodeStateVector(copy));
    const deleteSet = Y.createDeleteSetFromStructStore(copy.store);
    // What the server has, as far as this device knows the same clients.
    const reached = new Map<number, number>();
    for (const [client, clock] of serverState) if (local.has(client)) reached.set(client, Math.min(clock, local.get(client)!));
    const step = Math.max(1, Math.floor(pieceBytes / BYTES_PER_CLOCK));
    const pieces: Uint8Array[] = [];
    for (const [client, end] of local) {
      let clock = reached.get(client) ?? 0;
      while (clock < end) {
        const next = safeCut(copy, client, Math.min(end, clock + step), clock + 1);
        const before = Y.encodeStateVector(reached);
        reached.set(client, next);
        const partial = Y.createDocFromSnapshot(copy, Y.createSnapshot(deleteSet, new Map(reached)), new Y.Doc({ gc: false }));
        pieces.push(Y.encodeStateAsUpdate(partial, before));
        partial.destroy();
        clock = next;
      }
    }
    return pieces;
  } finally {
    copy.destroy();
  }
}
