import * as Y from "yjs";

/*
 * The words this device wrote that the server does not have: every text
 * inserted in the local Y.Doc (and not deleted since) whose Yjs id lies beyond
 * the server's state vector (sent by the server with its sync step 1). Used
 * when a proposal is submitted while someone types: what the server refused
 * after the freeze (or never received) is shown to its author, with a way to
 * copy it, instead of lingering on screen as if it were saved.
 */

export interface UnsentPiece {
  /** The top-level shared type the text belongs to (a section's fragment, the budget…). */
  root: string;
  text: string;
}

/** The name under which `type`'s top-level ancestor is shared in `doc`. */
function rootNameOf(doc: Y.Doc, type: Y.AbstractType<unknown>): string {
  let top = type;
  while (top._item?.parent instanceof Y.AbstractType) top = top._item.parent as Y.AbstractType<unknown>;
  for (const [name, shared] of doc.share) if (shared === top) return name;
  return "";
}

/**
 * The unsent text, one piece per run of consecutive typing in one place
 * (contiguous ids of one client, same parent), in the order it was typed.
 */
export function unsentChanges(doc: Y.Doc, serverStateVector: Map<number, number>): UnsentPiece[] {
  const pieces: UnsentPiece[] = [];
  for (const [client, structs] of doc.store.clients) {
    const known = serverStateVector.get(client) ?? 0;
    let current: { parent: unknown; nextClock: number; piece: UnsentPiece } | null = null;
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= known) continue;
      if (struct.deleted || !(struct.content instanceof Y.ContentString)) continue;
      const text = struct.content.str.slice(Math.max(0, known - struct.id.clock));
      if (current && current.parent === struct.parent && current.nextClock === struct.id.clock) {
        current.piece.text += text;
      } else {
        const parent = struct.parent instanceof Y.AbstractType ? (struct.parent as Y.AbstractType<unknown>) : null;
        current = { parent: struct.parent, nextClock: 0, piece: { root: parent ? rootNameOf(doc, parent) : "", text } };
        pieces.push(current.piece);
      }
      current.nextClock = struct.id.clock + struct.length;
    }
  }
  return pieces.filter((piece) => piece.text.trim() !== "");
}
