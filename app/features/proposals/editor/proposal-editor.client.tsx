import { useEffect, useMemo, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { createCollabProvider, type CollabProviderHandle } from "~/collab/provider.client";
import type { CollabDocumentName } from "~/collab/document-name";
import type { CallSection } from "~/db/schema/proposals";
import { deriveProposalContent } from "~/editor/proposal-doc";
import { publishLiveContent, setLiveStateProvider } from "../live-state.ts";
import { BudgetEditor } from "./budget-editor.client.tsx";
import { PresenceList } from "./presence.client.tsx";
import { SectionEditor } from "./section-editor.client.tsx";

/*
 * The proposal's real-time editor: one Y.Doc shared by a TipTap editor per
 * section and the budget table, synced through the collab server, kept in
 * IndexedDB so a dropped connection or a closed tab loses nothing (edits
 * merge when the connection returns).
 */

export interface EditorUser {
  name: string;
  organization: string;
  color: string;
}

interface Props {
  documentName: string;
  /** Open comment threads with their anchors, highlighted in their section. */
  threads: { id: string; sectionKey: string; start: string | null; end: string | null }[];
  sections: CallSection[];
  user: EditorUser;
  readOnly: boolean;
  maxBudget: number;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export default function ProposalEditor({ documentName, sections, user, readOnly: initiallyReadOnly, maxBudget, threads }: Props) {
  const doc = useMemo(() => new Y.Doc(), []);
  const [handle, setHandle] = useState<CollabProviderHandle | null>(null);
  const [connected, setConnected] = useState(false);
  const [online, setOnline] = useState(true);
  const [readOnly, setReadOnly] = useState(initiallyReadOnly);
  const [notice, setNotice] = useState<string | null>(null);
  // Loader data gets new identities on every revalidation: the connection must not restart for that.
  const sectionsRef = useRef(sections);
  sectionsRef.current = sections;
  const userRef = useRef(user);
  userRef.current = user;
  const threadsRef = useRef(threads);
  threadsRef.current = threads;

  useEffect(() => {
    // Live rules panel and the state posted with status moves and versions.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const publish = () => publishLiveContent(deriveProposalContent(doc, sectionsRef.current.map((s) => s.key)));
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(publish, 250);
    };
    const local = new IndexeddbPersistence(`redomil:${documentName}`, doc);
    let cancelled = false;
    let created: CollabProviderHandle | null = null;
    const serverUrl = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/collab`;
    void createCollabProvider({
      serverUrl,
      documentName: documentName as CollabDocumentName,
      doc,
      onStatus: (status) => setConnected(status === "connected"),
      // Synced with the server: the rules panel may now judge the whole document.
      onSynced: (synced) => {
        if (synced) publish();
      },
      onClose: (info) => setNotice(info.willReconnect ? null : info.message),
      onReadOnly: (_code, message) => {
        setReadOnly(true);
        setNotice(message);
      },
    }).then((h) => {
      if (cancelled) return h.destroy();
      created = h;
      const me = userRef.current;
      h.provider.awareness.setLocalStateField("user", { name: me.name, organization: me.organization, color: me.color });
      setHandle(h);
    });
    // When the device says it is offline, stop retrying (edits keep going to IndexedDB) and reconnect when it is back.
    const updateOnline = () => {
      setOnline(navigator.onLine);
      if (!created) return;
      if (navigator.onLine) created.provider.connect();
      else created.provider.disconnect();
    };
    updateOnline();
    window.addEventListener("online", updateOnline);
    window.addEventListener("offline", updateOnline);
    doc.on("update", onUpdate);
    // Offline start: what this device kept is all there is (an empty local store publishes nothing).
    void local.whenSynced.then(() => {
      if (doc.store.clients.size > 0) publish();
    });
    setLiveStateProvider(() => toBase64(Y.encodeStateAsUpdate(doc)));
    return () => {
      cancelled = true;
      clearTimeout(timer);
      doc.off("update", onUpdate);
      window.removeEventListener("online", updateOnline);
      window.removeEventListener("offline", updateOnline);
      setLiveStateProvider(null);
      publishLiveContent(null);
      created?.destroy();
      void local.destroy();
    };
  }, [doc, documentName]);

  const offline = !online || (handle !== null && !connected);
  return (
    <section aria-labelledby="editor-title" className="proposal-editor">
      <h2 id="editor-title">Postulación</h2>
      {offline && !notice ? (
        <p className="alert alert--warning" role="status">
          sin conexión: tus cambios se guardan en este equipo
        </p>
      ) : null}
      {notice ? (
        <p className="alert alert--info" role="status">
          {notice}
        </p>
      ) : null}
      {readOnly ? <p className="muted">Tienes acceso de lectura: ves los cambios en vivo, pero no puedes editar.</p> : null}
      {handle ? (
        <>
          <PresenceList awareness={handle.provider.awareness} sections={sections} />
          {sections.map((section) => (
            <SectionEditor
              key={section.key}
              doc={doc}
              section={section}
              awareness={handle.provider.awareness}
              user={user}
              readOnly={readOnly}
              threads={() => threadsRef.current.filter((t) => t.sectionKey === section.key)}
            />
          ))}
          <BudgetEditor doc={doc} readOnly={readOnly} maxBudget={maxBudget} />
        </>
      ) : (
        <p className="muted">Conectando…</p>
      )}
    </section>
  );
}
