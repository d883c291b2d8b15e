import { useState } from "react";
import * as Y from "yjs";
import { createCollabProvider } from "~/collab/provider.client";
import type { CollabDocumentName } from "~/collab/document-name";
import type { CallSection, ProposalContent } from "~/db/schema/proposals";
import { replaceContentWith } from "~/editor/proposal-doc";

/**
 * Restores a version as a NEW change: joins the live document like any
 * editor, replaces each section and the budget with the version's content,
 * and waits until the server acknowledged it. Nothing is destroyed: the
 * replaced text stays in the history and in other versions.
 */
export default function RestoreVersionButton({ documentName, sections, content, returnTo }: { documentName: string; sections: CallSection[]; content: ProposalContent; returnTo: string }) {
  const [state, setState] = useState<"idle" | "working" | "error">("idle");
  const [message, setMessage] = useState<string | null>(null);
  const restore = async () => {
    if (!window.confirm("¿Restaurar esta versión? El texto actual se reemplaza, pero queda guardado en el historial.")) return;
    setState("working");
    const doc = new Y.Doc();
    const serverUrl = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/collab`;
    let failed = false;
    const handle = await createCollabProvider({
      serverUrl,
      documentName: documentName as CollabDocumentName,
      doc,
      onClose: (info) => {
        if (!info.willReconnect) {
          failed = true;
          setState("error");
          setMessage(info.message);
        }
      },
      onReadOnly: (_code, text) => {
        failed = true;
        setState("error");
        setMessage(text);
      },
    });
    const synced = () => new Promise<void>((resolve) => (handle.provider.synced ? resolve() : handle.provider.once("sync", () => resolve())));
    await synced();
    if (failed) return handle.destroy();
    replaceContentWith(doc, content, sections.map((s) => s.key));
    // The update is sent at once on the open socket; a WebSocket close frame is
    // queued behind it, so the server has processed the change before it sees
    // the close (and stores it like any other edit).
    await new Promise((r) => setTimeout(r, 300));
    handle.destroy();
    // The audit log records the restore (the change itself went through the collab server).
    await fetch(window.location.pathname, { method: "POST", body: new URLSearchParams({ intent: "restored" }) }).catch(() => undefined);
    window.location.assign(returnTo);
  };
  return (
    <p>
      <button type="button" className="button" onClick={() => void restore()} disabled={state === "working"}>
        {state === "working" ? "Restaurando…" : "Restaurar esta versión"}
      </button>
      {message ? (
        <span className="field__errors" role="alert">
          {" "}
          {message}
        </span>
      ) : null}
    </p>
  );
}
