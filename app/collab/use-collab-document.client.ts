import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import type * as Y from "yjs";
import { CollabCloseCode, describeCloseCode, SERVER_NOTICE_MESSAGES } from "./close-codes.ts";
import type { CollabDocumentName } from "./document-name.ts";
import { registerLiveFlush } from "./live-flush.ts";
import { unsentChanges, type UnsentPiece } from "./unsent-changes.ts";
import { createCollabProvider, type CollabProviderHandle, type OversizedChange } from "./provider.client.ts";

export interface CollabDocumentOptions {
  doc: Y.Doc;
  documentName: string;
  /** Shown to others (presence, carets); read once per connection. */
  user: Record<string, unknown>;
  readOnly: boolean;
  /** The server's state has been merged in. */
  onSynced?: () => void;
  /** What this device kept in IndexedDB has been loaded. */
  onLocalLoaded?: () => void;
  /** The server changed this socket's access while connected (minutes closed or reopened, proposal submitted). */
  onAccessChanged?: (editable: boolean) => void;
}

/**
 * One collaborative document in the browser: IndexedDB keeps every edit on
 * this device (a dropped connection or a closed tab loses nothing), the
 * provider syncs with the collab server, close codes become a Spanish notice,
 * and the device's offline/online events stop and resume the connection. The
 * document opens from IndexedDB without any network (no token, no socket):
 * `localOnly` says when what is typed has not reached the server.
 * The collab server is the portal's own `/collab` (session cookie) unless the
 * root loader names another (`collabUrl`, COLLAB_PUBLIC_URL): then the page
 * asks the portal for short-lived tokens and renews them.
 */
export function useCollabDocument(options: CollabDocumentOptions) {
  const { doc, documentName } = options;
  const [handle, setHandle] = useState<CollabProviderHandle | null>(null);
  const [status, setStatus] = useState<"connecting" | "connected" | "disconnected">("connecting");
  const [online, setOnline] = useState(true);
  // "lost": the connection dropped (or could not be made) and the server has not synced since.
  const [reach, setReach] = useState<"unknown" | "synced" | "lost">("unknown");
  const [readOnly, setReadOnly] = useState(options.readOnly);
  // Why the editor is read-only: "permission" (read access) or "frozen" (submitted); one message each.
  const [readOnlyReason, setReadOnlyReason] = useState<"permission" | "frozen" | null>(options.readOnly ? "permission" : null);
  const [oversized, setOversized] = useState<OversizedChange | null>(null);
  // Words of this device the server does not have when the document froze (submitted while typing).
  const [unsent, setUnsent] = useState<UnsentPiece[]>([]);
  const [local, setLocal] = useState<IndexeddbPersistence | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [serverNotice, setServerNotice] = useState<string | null>(null);
  const collabUrl = useRouteLoaderData<{ collabUrl?: string | null }>("root")?.collabUrl ?? null;
  // Callbacks and the user may change identity on every render: the connection must not restart for that.
  const latest = useRef(options);
  latest.current = options;
  // What the server last said about this socket (a read-only notice also comes at every connect).
  const editable = useRef(!options.readOnly);

  useEffect(() => {
    const local = new IndexeddbPersistence(`redomil:${documentName}`, doc);
    setLocal(local);
    let cancelled = false;
    let created: CollabProviderHandle | null = null;
    let unregisterFlush = () => {};
    const serverUrl = collabUrl ?? `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/collab`;
    const getToken = collabUrl ? () => fetchCollabToken(documentName) : undefined;
    void createCollabProvider({
      serverUrl,
      getToken,
      onServerNotice: (serverNotice) => {
        if (serverNotice === "writable") {
          setReadOnly(false);
          setReadOnlyReason(null);
          setUnsent([]);
          // The page's other parts (forms hidden while closed) follow the same change.
          if (!editable.current) latest.current.onAccessChanged?.(true);
          editable.current = true;
          return;
        }
        setServerNotice(SERVER_NOTICE_MESSAGES[serverNotice]);
      },
      documentName: documentName as CollabDocumentName,
      doc,
      onStatus: (status) => {
        setStatus(status);
        if (status === "disconnected") setReach("lost");
      },
      onSynced: (synced) => {
        if (!synced) return;
        setReach("synced");
        latest.current.onSynced?.();
      },
      // Any close, also of a socket that never opened (y-websocket then reports no status change).
      onClose: (info) => {
        setReach("lost");
        setNotice(info.willReconnect ? null : info.message);
      },
      onReadOnly: (code) => {
        setReadOnly(true);
        setReadOnlyReason(code === CollabCloseCode.DOCUMENT_FROZEN ? "frozen" : "permission");
        // The server sent its state vector just before this notice: what it lacks is what it refused or never got.
        const serverState = created?.serverStateVector();
        if (code === CollabCloseCode.DOCUMENT_FROZEN && serverState) setUnsent(unsentChanges(doc, serverState));
        if (editable.current) latest.current.onAccessChanged?.(false);
        editable.current = false;
      },
      onOversized: setOversized,
      // What this device kept is loaded first, so a change too large to send is caught by the sync's size check.
      connectAfter: local.whenSynced,
    }).then((h) => {
      if (cancelled) return h.destroy();
      created = h;
      // Export links wait for the server's confirmation of this device's last edits.
      unregisterFlush = registerLiveFlush(() => h.flush());
      h.provider.awareness.setLocalStateField("user", latest.current.user);
      if (!navigator.onLine) h.pause();
      setHandle(h);
    });
    // When the device says it is offline, stop retrying (edits keep going to IndexedDB); when it
    // is back, connect at once (a fresh token, no backoff left over from the offline time).
    const updateOnline = () => {
      setOnline(navigator.onLine);
      if (!created) return;
      if (navigator.onLine) created.reconnect();
      else created.provider.disconnect();
    };
    updateOnline();
    window.addEventListener("online", updateOnline);
    window.addEventListener("offline", updateOnline);
    void local.whenSynced.then(() => {
      if (!cancelled) latest.current.onLocalLoaded?.();
    });
    return () => {
      cancelled = true;
      unregisterFlush();
      window.removeEventListener("online", updateOnline);
      window.removeEventListener("offline", updateOnline);
      created?.destroy();
      void local.destroy();
    };
  }, [doc, documentName, collabUrl]);

  /** "Enviar por partes": sends the held change in pieces that fit, then co-editing resumes. */
  const sendHeldInPieces = async () => {
    if (!handle) throw new Error("sin conexión");
    await handle.sendHeldInPieces();
    setOversized(null);
  };

  /** Forgets what this device kept and did not send (IndexedDB), then reloads from the server. */
  const discardLocalChanges = async () => {
    await local?.clearData();
    window.location.reload();
  };

  // What is typed now stays on this device until the server is reached again.
  const localOnly = !online || reach === "lost";
  return { handle, status, online, localOnly, readOnly, readOnlyReason, oversized, unsent, discardLocalChanges, sendHeldInPieces, notice: notice ?? serverNotice };
}

/** Said by every live editor while what is typed stays only on this device. */
export const LOCAL_ONLY_MESSAGE = "Sin conexión: lo que escribas queda solo en este equipo hasta que vuelva la conexión; entonces se enviará a los demás.";

/** The one read-only message of a live editor. */
export function readOnlyMessage(reason: "permission" | "frozen" | null, what: string): string | null {
  if (reason === "frozen") return describeCloseCode(CollabCloseCode.DOCUMENT_FROZEN).message;
  if (reason === "permission") return `Tienes acceso de lectura: ves ${what} en vivo, pero no puedes editar.`;
  return null;
}

/** A token for the standalone collab server; the portal decides access (and the collab server checks it again). */
async function fetchCollabToken(documentName: string): Promise<string> {
  const response = await fetch(`/api/collab-token?document=${encodeURIComponent(documentName)}`, {
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
