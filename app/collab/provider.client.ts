import * as decoding from "lib0/decoding";
import * as encodingLib from "lib0/encoding";
import * as authProtocol from "y-protocols/auth";
import * as syncProtocol from "y-protocols/sync";
import type { Awareness } from "y-protocols/awareness";
import { messageAuth, messageSync, WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DEFAULT_MAX_MESSAGE_BYTES, parseLimitNotice, pieceBudgetBytes, updateFits } from "./change-limits";
import { splitMissingChange } from "./split-change";
import {
  describeCloseCode,
  parseReadOnlyNotice,
  parseServerNotice,
  type CloseAction,
  type CollabCloseCodeValue,
  type ServerNotice,
} from "./close-codes";
import type { CollabDocumentName } from "./document-name";

/*
 * The browser's connection to the collab server.
 *
 * Guarantees: every server close is reported with its code, Spanish message
 * and what happens next; non-retryable codes stop reconnecting (no hammering
 * after a revocation); UNAUTHORIZED fetches a fresh token (when `getToken` is
 * given) and reconnects, at most `maxReauthentications` times in a row; a
 * read-only notice from the server is reported instead of y-websocket's
 * console warning, and so are server notices (link to other servers lost or
 * back); with `getToken`, the token is renewed every `tokenRefreshMs` (before
 * it expires), so any reconnect presents a fresh one. The handle never waits
 * for the network: when no token can be had (offline, portal unreachable) the
 * document stays usable locally and the token is asked for again with backoff
 * (`reconnect()` asks at once, e.g. when the device is back online).
 */

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;
type WebSocketConstructor = NonNullable<ProviderOptions["WebSocketPolyfill"]>;

export interface CollabCloseInfo {
  code: number;
  reason: string;
  /** Spanish text for the user. */
  message: string;
  action: CloseAction;
  /** False once the provider stopped for good. */
  willReconnect: boolean;
}

export interface CollabProviderOptions {
  /** e.g. `wss://portal.example/collab` (the document name is appended). */
  serverUrl: string;
  documentName: CollabDocumentName;
  doc: Y.Doc;
  /** The standalone server needs a signed token; the portal-mounted one uses the session cookie. */
  getToken?: () => Promise<string>;
  awareness?: Awareness;
  onClose?: (info: CollabCloseInfo) => void;
  /** The server made this socket read-only (code FORBIDDEN: no edit permission; DOCUMENT_FROZEN: submitted). */
  onReadOnly?: (code: CollabCloseCodeValue, message: string) => void;
  /** The server's notices (e.g. the link to the other collab servers is down). */
  onServerNotice?: (notice: ServerNotice) => void;
  /** Renew the token this often (it lives 120 s); default 60 s. */
  tokenRefreshMs?: number;
  onStatus?: (status: "connecting" | "connected" | "disconnected") => void;
  onSynced?: (synced: boolean) => void;
  /** Node (tests, benchmarks): `ws`, possibly wrapped to send an Origin header. */
  WebSocketPolyfill?: WebSocketConstructor;
  maxBackoffTime?: number;
  /** Cross-tab sync over BroadcastChannel; off by default so every edit goes through the server's checks. */
  crossTab?: boolean;
  maxReauthentications?: number;
  /**
   * A change of this device does not fit in one message (the server would close
   * the socket): nothing more is sent until the page resolves it (discard, or
   * send in pieces). `bytes`: what the server lacks; `limit`: the server's limit.
   */
  onOversized?: (info: OversizedChange) => void;
  /** Connect only once this settles (the IndexedDB copy is loaded, so its changes go through the size check of sync). */
  connectAfter?: Promise<unknown>;
  /** First wait before asking again for a token that could not be had (doubles up to 30 s); default 1 s. */
  tokenRetryMs?: number;
}

/** The longest wait between two attempts to get a token (a device offline for hours asks twice a minute). */
const MAX_TOKEN_RETRY_MS = 30_000;

export interface OversizedChange {
  bytes: number;
  limit: number;
  /** "stored": found when syncing (kept on this device from before); "live": an edit just made. */
  origin: "stored" | "live";
}

export interface CollabProviderHandle {
  provider: WebsocketProvider;
  /** The last close seen, for the editor's status line. */
  lastClose(): CollabCloseInfo | null;
  /** The server's message limit (its `limit:` notice, or the shared default before it arrives). */
  maxMessageBytes(): number;
  /** True while an oversized change is held (nothing of this device is sent). */
  holding(): boolean;
  /**
   * Resolves once the server confirmed that every edit this device sent so far
   * is durable (its answer to a sync step 1 leaves only after the earlier
   * edits of this socket are written); at once when offline or holding.
   */
  flush(): Promise<void>;
  /** What the server has (its last sync step 1's state vector); null before it spoke. */
  serverStateVector(): Map<number, number> | null;
  /**
   * Sends a held change in pieces that each fit in one message, waits until
   * the server wrote them, then resumes (a fresh sync sends anything left).
   * Rejects when offline or when a piece still would not fit.
   */
  sendHeldInPieces(): Promise<void>;
  /** Connects now (with a fresh token when one is needed), forgetting any backoff: the device is back online. */
  reconnect(): void;
  /** Stops connecting (the device is offline); edits keep going to the Y.Doc and IndexedDB. */
  pause(): void;
  destroy(): void;
}

export async function createCollabProvider(options: CollabProviderOptions): Promise<CollabProviderHandle> {
  if (options.connectAfter) await options.connectAfter.catch(() => undefined);
  const provider = new WebsocketProvider(options.serverUrl, options.documentName, options.doc, {
    connect: false,
    params: {},
    awareness: options.awareness,
    WebSocketPolyfill: options.WebSocketPolyfill,
    maxBackoffTime: options.maxBackoffTime ?? 5_000,
    disableBc: !options.crossTab,
    // Only transient codes reconnect by themselves; 4401 goes through a new token below.
    shouldReconnect: (event) => describeCloseCode(event.code).action === "retry",
  });

  let lastClose: CollabCloseInfo | null = null;
  let reauthentications = 0;
  let destroyed = false;
  const maxReauthentications = options.maxReauthentications ?? 3;

  let limit = DEFAULT_MAX_MESSAGE_BYTES;
  let held = false;
  const hold = (bytes: number, origin: OversizedChange["origin"]) => {
    held = true;
    options.onOversized?.({ bytes, limit, origin });
  };
  // Live edits: an update that would not fit is never sent (the server would close the socket);
  // once one is held, later edits wait with it (they may build on it).
  const sendUpdate = provider._updateHandler;
  options.doc.off("update", sendUpdate);
  provider._updateHandler = (update: Uint8Array, origin: unknown) => {
    if (origin === provider || held) return;
    if (!updateFits(update.byteLength, limit)) return hold(update.byteLength, "live");
    sendUpdate(update, origin);
  };
  options.doc.on("update", provider._updateHandler);
  // Flush: the server answers every sync step 1 with a step 2, in order, once the edits it got
  // before are durable. `asked`/`answered` count step 1s sent and step 2s received on this socket.
  let asked = 0;
  let answered = 0;
  // Until we answered the server's own step 1 (which carries what it lacked), a flush must wait.
  let answeredServer = false;
  let waiters: { ticket: number | null; resolve: () => void }[] = [];
  // The server's state vector, from its last sync step 1 (sent on join and when it made us read-only).
  let serverState: Map<number, number> | null = null;
  const settle = () => {
    waiters = waiters.filter((w) => {
      if (w.ticket === null || w.ticket > answered) return true;
      w.resolve();
      return false;
    });
  };
  const askServer = () => {
    const ws = provider.ws;
    if (!ws || !provider.wsconnected || ws.readyState !== ws.OPEN) return;
    const encoder = encodingLib.createEncoder();
    encodingLib.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, options.doc);
    ws.send(encodingLib.toUint8Array(encoder));
    asked += 1;
    waiters.forEach((w) => (w.ticket ??= asked));
  };
  const releaseWaiters = () => {
    waiters.forEach((w) => w.resolve());
    waiters = [];
  };

  // Sync step 1 from the server: our answer (step 2) carries everything it lacks, e.g. a large
  // change kept in IndexedDB. When that would not fit, do not answer: hold it instead.
  const handleSync = provider.messageHandlers[messageSync];
  provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, messageType) => {
    const peek = decoding.clone(decoder);
    const syncType = decoding.readVarUint(peek);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(peek);
      serverState = Y.decodeStateVector(stateVector);
      if (held) return;
      const missing = Y.encodeStateAsUpdate(options.doc, stateVector);
      if (!updateFits(missing.byteLength, limit)) {
        hold(missing.byteLength, "stored");
        return releaseWaiters();
      }
    }
    handleSync(encoder, decoder, p, emitSynced, messageType);
    if (syncType === syncProtocol.messageYjsSyncStep2) {
      answered += 1;
      settle();
    } else if (syncType === syncProtocol.messageYjsSyncStep1 && !answeredServer) {
      answeredServer = true;
      // Our answer is sent when this handler returns: ask after it.
      if (waiters.length > 0) setTimeout(askServer, 0);
    }
  };

  provider.messageHandlers[messageAuth] = (_encoder: encodingLib.Encoder, decoder: decoding.Decoder) => {
    authProtocol.readAuthMessage(decoder, options.doc, (_doc, reason) => {
      const announced = parseLimitNotice(reason);
      if (announced !== null) {
        limit = announced;
        return;
      }
      const code = parseReadOnlyNotice(reason);
      if (code !== null) return options.onReadOnly?.(code, describeCloseCode(code).message);
      const notice = parseServerNotice(reason);
      if (notice !== null) options.onServerNotice?.(notice);
    });
  };

  provider.on("connection-close", (event) => {
    // null: closed locally (disconnect or the provider's silence watchdog).
    if (!event) return;
    const { message, action } = describeCloseCode(event.code);
    const canReauthenticate = action === "reauthenticate" && options.getToken !== undefined && reauthentications < maxReauthentications;
    lastClose = { code: event.code, reason: event.reason, message, action, willReconnect: action === "retry" || canReauthenticate };
    options.onClose?.(lastClose);
    if (canReauthenticate) {
      reauthentications += 1;
      options.getToken!().then(
        (token) => {
          if (destroyed) return;
          provider.params = { ...provider.params, token };
          provider.connect();
        },
        () => {
          lastClose = { ...lastClose!, willReconnect: false };
          options.onClose?.(lastClose);
        },
      );
    }
  });
  provider.on("status", ({ status }) => {
    if (status === "connected") {
      // The provider sends its own step 1 right after this event.
      asked = 1;
      answered = 0;
      answeredServer = false;
    } else {
      // Edits not confirmed on the lost socket go out again with the next sync: ask again then.
      waiters.forEach((w) => (w.ticket = null));
    }
    options.onStatus?.(status);
  });
  provider.on("sync", (synced) => {
    if (synced) reauthentications = 0;
    options.onSynced?.(synced);
  });
  const renewal = options.getToken
    ? setInterval(() => {
        options.getToken!().then(
          (token) => {
            if (!destroyed) provider.params = { ...provider.params, token };
          },
          // Keep the current token: a reconnect that finds it expired gets 4401 and fetches another.
          () => undefined,
        );
      }, options.tokenRefreshMs ?? 60_000)
    : undefined;

  // Connecting: with a token first when the server needs one. A failed token request (offline,
  // portal down) is retried with backoff; the document meanwhile works from this device.
  let tokenRetry: ReturnType<typeof setTimeout> | undefined;
  let tokenFailures = 0;
  let attempt = 0;
  const connect = () => {
    clearTimeout(tokenRetry);
    if (destroyed) return;
    if (!options.getToken) return provider.connect();
    const current = (attempt += 1);
    options.getToken().then(
      (token) => {
        if (destroyed || current !== attempt) return;
        tokenFailures = 0;
        provider.params = { ...provider.params, token };
        provider.connect();
      },
      () => {
        if (destroyed || current !== attempt) return;
        options.onStatus?.("disconnected");
        const wait = Math.min(MAX_TOKEN_RETRY_MS, (options.tokenRetryMs ?? 1_000) * 2 ** tokenFailures);
        tokenFailures += 1;
        tokenRetry = setTimeout(connect, wait);
      },
    );
  };
  connect();

  return {
    provider,
    lastClose: () => lastClose,
    maxMessageBytes: () => limit,
    holding: () => held,
    serverStateVector: () => serverState,
    async sendHeldInPieces() {
      const ws = provider.ws;
      if (!held) return;
      if (!ws || !provider.wsconnected || ws.readyState !== ws.OPEN || !serverState) throw new Error("sin conexión con el servidor de edición");
      const pieces = splitMissingChange(options.doc, serverState, pieceBudgetBytes(limit));
      const messages = pieces.map((piece) => {
        const encoder = encodingLib.createEncoder();
        encodingLib.writeVarUint(encoder, messageSync);
        syncProtocol.writeUpdate(encoder, piece);
        return encodingLib.toUint8Array(encoder);
      });
      if (messages.some((message) => message.byteLength > limit)) throw new Error("una parte sigue siendo demasiado grande");
      messages.forEach((message) => ws.send(message));
      held = false;
      // Confirmed once durable (the answer to a sync step 1 follows the earlier messages of this socket).
      await new Promise<void>((resolve) => {
        waiters.push({ ticket: null, resolve });
        askServer();
      });
      // A fresh sync: whatever else this device has goes through the usual size check.
      provider.disconnect();
      provider.connect();
    },
    flush() {
      if (held || destroyed || !provider.wsconnected) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push({ ticket: null, resolve });
        if (answeredServer) askServer();
      });
    },
    reconnect() {
      tokenFailures = 0;
      reauthentications = 0;
      connect();
    },
    pause() {
      attempt += 1;
      clearTimeout(tokenRetry);
      provider.disconnect();
    },
    destroy() {
      destroyed = true;
      clearTimeout(tokenRetry);
      releaseWaiters();
      clearInterval(renewal);
      provider.destroy();
    },
  };
}
