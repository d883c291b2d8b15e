import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import { absolutePositionToRelativePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { CallSection } from "~/db/schema/proposals";
import { countCharacters, documentText, type PmJsonNode } from "~/editor/document-text";
import { changeGuard } from "~/editor/change-guard";
import { proposalSectionExtensions, sectionFragmentName } from "~/editor/extensions";
import { setCommentAnchor } from "../comment-anchor.ts";
import { registerThreadFocus } from "../thread-focus.ts";
import { commentHighlights, highlightMeta, resolveAnchorRange, type AnchoredThread } from "./comment-highlights.client.ts";
import type { EditorUser } from "./proposal-editor.client.tsx";
import { Notice } from "~/components/notice";

/** Larger pastes are refused with a message (they would exceed the collab server's message limit or freeze the editor). */
export const MAX_PASTE_CHARACTERS = 20_000;

const number = new Intl.NumberFormat("es-CL");

function encodeRelative(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)));
}

export function SectionEditor({
  doc,
  section,
  awareness,
  user,
  readOnly,
  threads,
  maxMessageBytes,
}: {
  /** The collab server's message limit now (edits above the input budget are refused before they enter the Y.Doc). */
  maxMessageBytes: () => number;
  doc: Y.Doc;
  section: CallSection;
  awareness: Awareness;
  user: EditorUser;
  readOnly: boolean;
  /** Open threads of this section (handed to the highlight plugin: new comments show without recreating the editor). */
  threads: AnchoredThread[];
}) {
  const [characters, setCharacters] = useState(0);
  const [pasteError, setPasteError] = useState<string | null>(null);
  const labelId = `seccion-${section.key}-titulo`;
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: !readOnly,
      extensions: [
        ...proposalSectionExtensions(),
        Collaboration.configure({ document: doc, field: sectionFragmentName(section.key) }),
        // The caret extension owns the awareness "user" field: give it everything presence shows.
        commentHighlights({ doc, fragment: doc.getXmlFragment(sectionFragmentName(section.key)) }),
        // Drops, pastes and commands too large for the collab server never enter the Y.Doc.
        changeGuard({ limit: maxMessageBytes, onRefused: setPasteError }),
        CollaborationCaret.configure({ provider: { awareness }, user: { key: user.key, name: user.name, color: user.color, organization: user.organization } }),
      ],
      editorProps: {
        attributes: { "aria-labelledby": labelId, "aria-multiline": "true", role: "textbox", class: "section-editor__input" },
        handlePaste: (_view, _event, slice) => {
          const size = slice.content.textBetween(0, slice.content.size, "\n", " ").length;
          if (size <= MAX_PASTE_CHARACTERS) {
            setPasteError(null);
            return false;
          }
          setPasteError(`No se pegó el texto: tiene ${number.format(size)} caracteres y el máximo para pegar de una vez es ${number.format(MAX_PASTE_CHARACTERS)}. Pégalo por partes.`);
          return true;
        },
      },
      onCreate: ({ editor: e }) => setCharacters(countCharacters(documentText(e.getJSON() as PmJsonNode))),
      onUpdate: ({ editor: e }) => setCharacters(countCharacters(documentText(e.getJSON() as PmJsonNode))),
      onFocus: () => awareness.setLocalStateField("section", section.key),
    },
    [doc, awareness],
  );

  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);

  // Hand the threads to the highlight plugin when they change (no document change involved).
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(...highlightMeta({ threads })).setMeta("addToHistory", false));
  }, [editor, threads]);

  // "Go to the commented passage" from the comments panel: select and highlight it, or say it is gone.
  useEffect(() => {
    if (!editor) return;
    return registerThreadFocus(section.key, (thread) => {
      const container = document.getElementById(`seccion-${section.key}`);
      if (editor.isDestroyed) return "section";
      const range = resolveAnchorRange(editor.state, doc, doc.getXmlFragment(sectionFragmentName(section.key)), thread);
      // The passage jumped to is highlighted more strongly (kept in the highlight plugin's state).
      editor.view.dispatch(editor.state.tr.setMeta(...highlightMeta({ active: range ? thread : null })).setMeta("addToHistory", false));
      if (!range) {
        container?.scrollIntoView({ behavior: "smooth", block: "start" });
        return thread.start && thread.end ? "missing" : "section";
      }
      editor.commands.setTextSelection(range);
      // Focus shows the selection (and lets a writer type over it); read-only editors only highlight.
      if (editor.isEditable) editor.view.focus();
      const { node } = editor.view.domAtPos(range.from);
      const passage = node instanceof HTMLElement ? node : node.parentElement;
      (passage ?? container)?.scrollIntoView({ behavior: "smooth", block: "center" });
      return "selected";
    });
  }, [editor, doc, section.key]);

  const commentOnSelection = () => {
    if (!editor) return;
    const { from, to, empty } = editor.state.selection;
    const binding = ySyncPluginKey.getState(editor.state)?.binding;
    if (empty || !binding) return;
    const fragment = doc.getXmlFragment(sectionFragmentName(section.key));
    setCommentAnchor({
      sectionKey: section.key,
      quote: editor.state.doc.textBetween(from, to, " ").slice(0, 2000),
      start: encodeRelative(absolutePositionToRelativePosition(from, fragment, binding.mapping)),
      end: encodeRelative(absolutePositionToRelativePosition(to, fragment, binding.mapping)),
    });
    document.getElementById("new-thread-title")?.scrollIntoView({ behavior: "smooth" });
  };

  const over = section.maxCharacters > 0 && characters > section.maxCharacters;
  return (
    <section id={`seccion-${section.key}`} className="section-editor" aria-labelledby={labelId}>
      <h3 id={labelId}>
        {section.title}
        {section.required ? <span className="muted"> (obligatoria)</span> : null}
      </h3>
      {section.guidance ? <p className="muted">{section.guidance}</p> : null}
      <EditorContent editor={editor} className="section-editor__content" />
      <p className={over ? "field__errors" : "muted"} aria-live="polite">
        {number.format(characters)}
        {section.maxCharacters > 0 ? ` de ${number.format(section.maxCharacters)}` : ""} caracteres
        {over ? ` · sobran ${number.format(characters - section.maxCharacters)}` : ""}
      </p>
      {pasteError ? (
        <Notice tone="error" role="alert">
          {pasteError}
        </Notice>
      ) : null}
      <button type="button" className="button button--secondary" onClick={commentOnSelection}>
        Comentar el texto seleccionado
      </button>
    </section>
  );
}
