import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import * as Y from "yjs";
import { useCollabDocument } from "~/collab/use-collab-document.client";
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

const NO_THREADS: never[] = [];

export default function ProposalEditor({ documentName, sections, user, readOnly: initiallyReadOnly, maxBudget, threads }: Props) {
  const doc = useMemo(() => new Y.Doc(), []);
  // Loader data gets new identities on every revalidation: the connection must not restart for that.
  const sectionsRef = useRef(sections);
  useLayoutEffect(() => {
    sectionsRef.current = sections;
  }, [sections]);
  // One list per section, recomputed only when the threads change (a new array would redraw every section).
  const threadsBySection = useMemo(() => {
    const grouped = new Map<string, typeof threads>();
    for (const t of threads) grouped.set(t.sectionKey, [...(grouped.get(t.sectionKey) ?? []), t]);
    return grouped;
  }, [threads]);

  // Live rules panel and the state posted with status moves and versions.
  const publish = () => publishLiveContent(deriveProposalContent(doc, sectionsRef.current.map((s) => s.key)));
  const { handle, status, online, readOnly, notice } = useCollabDocument({
    doc,
    documentName,
    user: { name: user.name, organization: user.organization, color: user.color },
    readOnly: initiallyReadOnly,
    // Synced with the server: the rules panel may now judge the whole document.
    onSynced: publish,
    // Offline start: what this device kept is all there is (an empty local store publishes nothing).
    onLocalLoaded: () => {
      if (doc.store.clients.size > 0) publish();
    },
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(() => publishLiveContent(deriveProposalContent(doc, sectionsRef.current.map((s) => s.key))), 250);
    };
    doc.on("update", onUpdate);
    setLiveStateProvider(() => toBase64(Y.encodeStateAsUpdate(doc)));
    return () => {
      clearTimeout(timer);
      doc.off("update", onUpdate);
      setLiveStateProvider(null);
      publishLiveContent(null);
    };
  }, [doc]);

  const offline = !online || (handle !== null && status !== "connected");
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
              threads={threadsBySection.get(section.key) ?? NO_THREADS}
            />
          ))}
          <BudgetEditor doc={doc} awareness={handle.provider.awareness} readOnly={readOnly} maxBudget={maxBudget} />
        </>
      ) : (
        <p className="muted">Conectando…</p>
      )}
    </section>
  );
}
