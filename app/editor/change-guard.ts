import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import type { Slice } from "@tiptap/pm/model";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { formatBytes, inputBudgetBytes, utf8Bytes } from "~/collab/change-limits";

/*
 * Refuses an edit too large for the collab server BEFORE it enters the Y.Doc:
 * every ProseMirror transaction of this person (typing, paste, drop, commands)
 * is weighed, and one above the input budget is dropped with a Spanish message.
 * Changes coming from the Y.Doc (others' edits, Yjs undo) are not filtered
 * here: they are already in the document.
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

export function oversizedInputMessage(bytes: number, limit: number): string {
  return `No se agregó el texto: pesa ${formatBytes(bytes)} y el máximo de un cambio es ${formatBytes(inputBudgetBytes(limit))}. Agrégalo por partes; lo demás que escribas sigue compartiéndose.`;
}

export const changeGuardKey = new PluginKey("collabChangeGuard");

/** `limit()`: the server's message limit now; `onRefused`: shows the message. */
export function changeGuard(options: { limit: () => number; onRefused: (message: string) => void }) {
  return Extension.create({
    name: "collabChangeGuard",
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
