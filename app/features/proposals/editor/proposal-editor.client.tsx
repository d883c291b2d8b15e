import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import * as Y from "yjs";
import { OversizedChangeNotice } from "~/collab/oversized-change-notice";
import { UnsentWordsNotice } from "~/collab/unsent-words-notice";
import { LOCAL_ONLY_MESSAGE, readOnlyMessage, useCollabDocument } from "~/collab/use-collab-document.client";
import { usePresenceColour } from "~/collab/use-presence-colour.client";
import type { CallSection } from "~/db/schema/proposals";
import { BUDGET_ARRAY_NAME, sectionFragmentName } from "~/editor/extensions";
import { deriveProposalContent } from "~/editor/proposal-doc";
import { publishLiveContent, setLiveStateProvider } from "../live-state.ts";
import { BudgetEditor } from "./budget-editor.client.tsx";
import { PresenceList } from "./presence.client.tsx";
import { SectionEditor } from "./section-editor.client.tsx";
import { Notice } from "~/components/notice";

/*
 * The proposal's real-time editor: one Y.Doc shared by a TipTap editor per
 * section and the budget table, synced through the collab server, kept in
 * IndexedDB so a dropped connection or a closed tab loses nothing (edits
 * merge when the connection returns).
 */

export interface EditorUser {
  /** The account id: the presence colour is derived from it. */
  key: string;
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

/** Where a piece of text sits in the proposal, for the person reading it. */
function placeOf(root: string, sections: CallSection[]): string {
  if (root === BUDGET_ARRAY_NAME) return "Presupuesto";
  return sections.find((s) => sectionFragmentName(s.key) === root)?.title ?? "Documento";
}

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
  const { handle, localOnly, readOnly, readOnlyReason, oversized, unsent, discardLocalChanges, sendHeldInPieces, notice } = useCollabDocument({
    doc,
    documentName,
    user: { key: user.key, name: user.name, organization: user.organization, color: user.color },
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

  const colour = usePresenceColour(handle?.provider.awareness ?? null, user.key);
  const caretUser = useMemo(() => ({ ...user, color: colour }), [user, colour]);
  // Presence sits in the page's side panel (sticky on wide screens) when the page has one.
  // (This module runs only in the browser, after hydration: the page's panel is there.)
  const [sidePanel] = useState<HTMLElement | null>(() => document.getElementById("proposal-presence"));
  const readOnlyText = readOnlyMessage(readOnlyReason ?? (readOnly ? "permission" : null), "los cambios");

  return (
    <section aria-labelledby="editor-title" className="proposal-editor">
      <h2 id="editor-title">Postulación</h2>
      {localOnly && !notice ? (
        <Notice tone="warning" role="status">
          {LOCAL_ONLY_MESSAGE}
        </Notice>
      ) : null}
      {notice ? (
        <Notice tone="info" role="status">
          {notice}
        </Notice>
      ) : null}
      {readOnlyText ? (
        <p className={readOnlyReason === "frozen" ? "notice notice--info" : "muted"} role="status">
          {readOnlyText}
        </p>
      ) : null}
      {unsent.length > 0 ? <UnsentWordsNotice pieces={unsent} labelOf={(root) => placeOf(root, sections)} /> : null}
      {oversized ? <OversizedChangeNotice change={oversized} onDiscard={discardLocalChanges} onSplit={sendHeldInPieces} /> : null}
      {handle ? (
        <>
          {sidePanel ? createPortal(<PresenceList awareness={handle.provider.awareness} sections={sections} />, sidePanel) : <PresenceList awareness={handle.provider.awareness} sections={sections} />}
          {sections.map((section) => (
            <SectionEditor
              key={section.key}
              doc={doc}
              section={section}
              awareness={handle.provider.awareness}
              user={caretUser}
              maxMessageBytes={handle.maxMessageBytes}
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
