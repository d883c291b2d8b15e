import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

/*
 * Highlights the passages open comment threads are anchored to. Anchors are
 * Yjs relative positions, so they are resolved against the current document
 * on every change and keep marking the same words while others edit.
 */

export interface AnchoredThread {
  id: string;
  start: string | null;
  end: string | null;
}

function decodeRelative(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

const key = new PluginKey("proposalCommentHighlights");

export function commentHighlights(options: { doc: Y.Doc; fragment: Y.XmlFragment; threads: () => AnchoredThread[] }) {
  return Extension.create({
    name: "proposalCommentHighlights",
    addProseMirrorPlugins() {
      return [
        new Plugin({
          key,
          props: {
            decorations(state) {
              const binding = ySyncPluginKey.getState(state)?.binding;
              if (!binding) return null;
              const decorations: Decoration[] = [];
              for (const thread of options.threads()) {
                const start = thread.start && decodeRelative(thread.start);
                const end = thread.end && decodeRelative(thread.end);
                if (!start || !end) continue;
                const from = relativePositionToAbsolutePosition(options.doc, options.fragment, start, binding.mapping);
                const to = relativePositionToAbsolutePosition(options.doc, options.fragment, end, binding.mapping);
                if (from === null || to === null || to <= from || to > state.doc.content.size) continue;
                decorations.push(Decoration.inline(from, to, { class: "comment-anchor", "data-thread": thread.id, title: "Texto comentado" }));
              }
              return DecorationSet.create(state.doc, decorations);
            },
          },
        }),
      ];
    },
  });
}
