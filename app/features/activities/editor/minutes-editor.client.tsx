import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { OversizedChangeNotice } from "~/collab/oversized-change-notice";
import { LOCAL_ONLY_MESSAGE, readOnlyMessage, useCollabDocument } from "~/collab/use-collab-document.client";
import { usePresenceColour } from "~/collab/use-presence-colour.client";
import { changeGuard } from "~/editor/change-guard";
import { Notice } from "~/components/notice";

/*
 * The meeting's minutes, written by several people at once: one Y.Doc per
 * meeting through the collab server (which checks who may edit), kept in
 * IndexedDB so a dropped rural connection loses nothing and merges on return.
 */

const MINUTES_FIELD = "minutes";

export interface MinutesUser {
  /** The account id: the presence colour is derived from it. */
  key: string;
  name: string;
  color: string;
}

function Editor({ doc, awareness, user, readOnly, maxMessageBytes }: { doc: Y.Doc; awareness: Awareness; user: MinutesUser; readOnly: boolean; maxMessageBytes: () => number }) {
  const [refused, setRefused] = useState<string | null>(null);
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: !readOnly,
      extensions: [
        StarterKit.configure({ undoRedo: false, codeBlock: false, code: false, horizontalRule: false, heading: { levels: [2, 3] }, link: false }),
        Collaboration.configure({ document: doc, field: MINUTES_FIELD }),
        changeGuard({ limit: maxMessageBytes, onRefused: setRefused }),
        CollaborationCaret.configure({ provider: { awareness }, user }),
      ],
      editorProps: { attributes: { "aria-labelledby": "minutes-title", "aria-multiline": "true", role: "textbox", class: "minutes-editor__input" } },
    },
    [doc, awareness],
  );
  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);
  return (
    <>
      <EditorContent editor={editor} style={{ border: "1px solid #999", borderRadius: 4, minHeight: "10rem", padding: "0.5rem" }} />
      {refused ? (
        <Notice tone="error" role="alert">
          {refused}
        </Notice>
      ) : null}
    </>
  );
}

export default function MinutesEditor({ documentName, user, readOnly: initiallyReadOnly }: { documentName: string; user: MinutesUser; readOnly: boolean }) {
  const doc = useMemo(() => new Y.Doc(), []);
  const [people, setPeople] = useState<string[]>([]);
  const revalidator = useRevalidator();
  const { handle, status, localOnly, readOnly, readOnlyReason, oversized, discardLocalChanges, sendHeldInPieces, notice } = useCollabDocument({
    doc,
    documentName,
    user: { ...user },
    readOnly: initiallyReadOnly,
    // Minutes closed or reopened by someone else: the agenda, attendance and closure forms follow without a reload.
    onAccessChanged: () => revalidator.revalidate(),
  });
  const colour = usePresenceColour(handle?.provider.awareness ?? null, user.key);
  const caretUser = useMemo(() => ({ ...user, color: colour }), [user, colour]);
  const readOnlyText = readOnlyMessage(readOnlyReason ?? (readOnly ? "permission" : null), "la minuta");

  useEffect(() => {
    if (!handle) return;
    const awareness = handle.provider.awareness;
    const refresh = () =>
      setPeople(
        [...awareness.getStates().values()]
          .map((s) => (s as { user?: MinutesUser }).user?.name)
          .filter((n): n is string => !!n),
      );
    awareness.on("change", refresh);
    refresh();
    return () => awareness.off("change", refresh);
  }, [handle]);

  return (
    <div className="minutes-editor">
      <p className={localOnly ? "notice notice--warning" : "muted"} role="status">
        {localOnly ? LOCAL_ONLY_MESSAGE : status === "connected" ? "Conectado: los cambios se guardan y se comparten en vivo." : "Conectando…"}
        {people.length ? ` Escribiendo ahora: ${people.join(", ")}.` : ""}
      </p>
      {notice ? (
        <Notice tone="warning" role="status">
          {notice}
        </Notice>
      ) : null}
      {readOnlyText ? <p className="muted">{readOnlyText}</p> : null}
      {oversized ? <OversizedChangeNotice change={oversized} onDiscard={discardLocalChanges} onSplit={sendHeldInPieces} /> : null}
      {handle ? <Editor doc={doc} awareness={handle.provider.awareness} user={caretUser} readOnly={readOnly} maxMessageBytes={handle.maxMessageBytes} /> : <p className="muted">Conectando…</p>}
    </div>
  );
}
