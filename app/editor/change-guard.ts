import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import type { Slice } from "@tiptap/pm/model";
import { ySyncPluginKey, yUndoPluginKey } from "@tiptap/y-tiptap";
import type { EditorState } from "@tiptap/pm/state";
import * as Y from "yjs";
import { formatBytes, inputBudgetBytes, utf8Bytes } from "~/collab/change-limits";

/*
 * Refuses an edit too large for the collab server BEFORE it enters the Y.Doc:
 * every ProseMirror transaction of this person (typing, paste, drop, commands)
 * is weighed, and one above the input budget is dropped with a Spanish message.
 * Changes coming from the Y.Doc (others' edits) are not filtered here: they are
 * already in the document. Undo and redo (Yjs's undo manager writes into the
 * Y.Doc directly) are weighed before they run: what they would bring back is
 * the deleted content of the step on top of the stack.
 */

/** Bytes a slice adds to a Yjs update: its text in UTF-8 plus a little per node (element and attributes). */
export function estimateSliceBytes(slice: Slice): number {
  let bytes = 0;
  slice.content.descendants((node) => {
    bytes += node.isText ? utf8Bytes(node.text ?? "") + 8 * node.marks.length : 24;
    return true;
  });
  return bytes;
}

/** What a transaction inserts, estimated from its replace steps. */
export function estimateTransactionBytes(tr: Transaction): number {
  let bytes = 0;
  for (const step of tr.steps) {
    const slice = (step as { slice?: Slice }).slice;
    if (slice) bytes += estimateSliceBytes(slice);
  }
  return bytes;
}

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** Bytes the Yjs items in `deleted` would weigh if brought back (what an undo of a deletion re-inserts). */
export function estimateRestoreBytes(doc: Y.Doc, deleted: DeleteSet): number {
  let bytes = 0;
  for (const [client, ranges] of deleted.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      const end = clock + len;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i += 1) {
        const struct = structs[i];
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) {
          const from = Math.max(0, clock - struct.id.clock);
          bytes += utf8Bytes(struct.content.str.slice(from, Math.min(struct.length, end - struct.id.clock)));
        } else bytes += 24;
      }
    }
  }
  return bytes;
}

interface UndoStackItem {
  deletions: DeleteSet;
}

/** What the next undo (or redo) of this editor would bring back, in bytes; 0 when its stack is empty. */
export function nextUndoBytes(state: EditorState, which: "undo" | "redo"): number {
  const undoManager = yUndoPluginKey.getState(state)?.undoManager as (Y.UndoManager & { undoStack: UndoStackItem[]; redoStack: UndoStackItem[] }) | undefined;
  const stack = which === "undo" ? undoManager?.undoStack : undoManager?.redoStack;
  const top = stack?.[stack.length - 1];
  return undoManager && top ? estimateRestoreBytes(undoManager.doc, top.deletions) : 0;
}

export function oversizedUndoMessage(bytes: number, limit: number): string {
  return `No se deshizo: volvería a agregar ${formatBytes(bytes)} de una vez y el máximo de un cambio es ${formatBytes(inputBudgetBytes(limit))}. Copia ese texto de una versión guardada y agrégalo por partes.`;
}

export function oversizedInputMessage(bytes: number, limit: number): string {
  return `No se agregó el texto: pesa ${formatBytes(bytes)} y el máximo de un cambio es ${formatBytes(inputBudgetBytes(limit))}. Agrégalo por partes; lo demás que escribas sigue compartiéndose.`;
}

export const changeGuardKey = new PluginKey("collabChangeGuard");

/** `limit()`: the server's message limit now; `onRefused`: shows the message. */
export function changeGuard(options: { limit: () => number; onRefused: (message: string) => void }) {
  // Runs before the collaboration extension's own shortcuts (priority 100): an oversized undo never reaches the Y.Doc.
  const guardUndo = (state: EditorState, which: "undo" | "redo") => {
    const bytes = nextUndoBytes(state, which);
    if (bytes <= inputBudgetBytes(options.limit())) return false;
    options.onRefused(oversizedUndoMessage(bytes, options.limit()));
    return true;
  };
  return Extension.create({
    name: "collabChangeGuard",
    priority: 1000,
    addKeyboardShortcuts() {
      return {
        "Mod-z": () => guardUndo(this.editor.state, "undo"),
        "Mod-y": () => guardUndo(this.editor.state, "redo"),
        "Shift-Mod-z": () => guardUndo(this.editor.state, "redo"),
      };
    },
    addProseMirrorPlugins() {
      return [
        new Plugin({
          key: changeGuardKey,
          props: {
            // A dropped text is weighed before ProseMirror parses it (parsing megabytes alone freezes the tab).
            handleDOMEvents: {
              drop(_view, event) {
                const data = event.dataTransfer;
                if (!data) return false;
                const bytes = Math.max(utf8Bytes(data.getData("text/plain")), utf8Bytes(data.getData("text/html")));
                if (bytes <= inputBudgetBytes(options.limit())) return false;
                event.preventDefault();
                options.onRefused(oversizedInputMessage(bytes, options.limit()));
                return true;
              },
            },
          },
          filterTransaction(tr) {
            if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true;
            const bytes = estimateTransactionBytes(tr);
            if (bytes <= inputBudgetBytes(options.limit())) return true;
            options.onRefused(oversizedInputMessage(bytes, options.limit()));
            return false;
          },
        }),
      ];
    },
  });
}
