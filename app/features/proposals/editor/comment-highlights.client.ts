import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
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

interface HighlightState {
  /** Open threads of the section. */
  threads: AnchoredThread[];
  /** The passage last jumped to from the comments panel (highlighted more strongly). */
  active: AnchoredThread | null;
}

const key = new PluginKey<HighlightState>("proposalCommentHighlights");

/**
 * A transaction meta that changes what is highlighted: `tr.setMeta(...highlightMeta({ threads }))`.
 * The highlights live in the plugin's state, not in React, so the editor reads them when it draws.
 */
export function highlightMeta(change: Partial<HighlightState>): [PluginKey<HighlightState>, Partial<HighlightState>] {
  return [key, change];
}

/**
 * The current range of a passage anchored by two encoded relative positions:
 * null when the anchor cannot be read, or when its text was deleted (both ends
 * collapse onto the same place).
 */
export function resolveAnchorRange(state: EditorState, doc: Y.Doc, fragment: Y.XmlFragment, anchor: { start: string | null; end: string | null }): { from: number; to: number } | null {
  const binding = ySyncPluginKey.getState(state)?.binding;
  if (!binding || !anchor.start || !anchor.end) return null;
  const start = decodeRelative(anchor.start);
  const end = decodeRelative(anchor.end);
  if (!start || !end) return null;
  const from = relativePositionToAbsolutePosition(doc, fragment, start, binding.mapping);
  const to = relativePositionToAbsolutePosition(doc, fragment, end, binding.mapping);
  if (from === null || to === null || to <= from || to > state.doc.content.size) return null;
  return { from, to };
}

/** Highlights the commented passages (threads and the active one set with `highlightMeta`). */
export function commentHighlights(options: { doc: Y.Doc; fragment: Y.XmlFragment }) {
  return Extension.create({
    name: "proposalCommentHighlights",
    addProseMirrorPlugins() {
      return [
        new Plugin({
          key,
          state: {
            init: (): HighlightState => ({ threads: [], active: null }),
            apply(tr, value: HighlightState): HighlightState {
              const change = tr.getMeta(key) as Partial<HighlightState> | undefined;
              return change ? { ...value, ...change } : value;
            },
          },
          props: {
            decorations(state) {
              if (!ySyncPluginKey.getState(state)?.binding) return null;
              const decorations: Decoration[] = [];
              const { active, threads } = key.getState(state) ?? { active: null, threads: [] };
              // The passage someone jumped to is highlighted even when its thread is resolved.
              for (const thread of active && !threads.some((t) => t.id === active.id) ? [...threads, active] : threads) {
                const range = resolveAnchorRange(state, options.doc, options.fragment, thread);
                if (!range) continue;
                const className = thread.id === active?.id ? "comment-anchor comment-anchor--active" : "comment-anchor";
                decorations.push(Decoration.inline(range.from, range.to, { class: className, "data-thread": thread.id, title: "Texto comentado" }));
              }
              return DecorationSet.create(state.doc, decorations);
            },
          },
        }),
      ];
    },
  });
}
