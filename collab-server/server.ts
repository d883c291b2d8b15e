import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { CollabCloseCode, type CollabCloseCodeValue } from "../app/collab/close-codes";
import { isDocumentName } from "../app/collab/document-name";
import type { CollabAccess } from "../app/collab/token";
import { CollabRefusal, type Authenticate, type CollabIdentity } from "./auth";
import { CollabConnection } from "./connection";
import { DocumentRegistry, TooManyDocumentsError, type DocumentLease, type DocumentUpgrade } from "./document-registry";
import { clientAddress, ConnectionsPerAddress, hardPayloadCap, resolveLimits, type CollabLimits, type ProxyTrust } from "./limits";
import { getLogger } from "../app/utils/logger.server.ts";
import { createPinoCollabLogger, type CollabLogger } from "./logger";
import { createOriginCheck } from "./origin";
import type { DocumentStore } from "./persistence";
import { encodeServerNotice } from "./protocol";
import type { DocumentJournal } from "./redis-journal";
import type { AccessChange, DocumentRelay } from "./redis-relay";
import { RevocationList } from "./revocations";
import { DEFAULT_STORE_TIMING, type OnStored, type StoreTiming } from "./store-scheduler";

/*
 * The collab server: y-websocket protocol over `ws`, mounted on any HTTP
 * server's `upgrade` event (the portal's Express server, or standalone.ts).
 *
 * Guarantees: every socket on `<pathPrefix>/<documentName>` is accepted and
 * then either served or closed with a named code (origin, address limit,
 * document name, authentication, frozen → read-only, capacity, load failure),
 * in that order; revocation acts on live sockets immediately, re-checks
 * sockets still authenticating, and outlives the tokens issued before it; `close()`
 * disconnects everyone and resolves once every document was stored.
 */

/** The heartbeat visits the sockets in this many groups, one group per heartbeatMs / HEARTBEAT_SLICES. */
const HEARTBEAT_SLICES = 10;

export interface CollabServerOptions {
  allowedOrigins: string[];
  authenticate: Authenticate;
  store: DocumentStore;
  limits?: Partial<CollabLimits>;
  storeTiming?: Partial<StoreTiming>;
  /** Store operations running at once; default 1 (PGlite runs one statement at a time anyway). */
  storeConcurrency?: number;
  /** Called after each successful store (derive JSON/text, queue search indexing). */
  onStored?: OnStored;
  /** Brings a document stored in an older shape up to date when it is loaded (the document kind's `upgrade`). */
  upgrade?: DocumentUpgrade;
  /** Submitted proposals: everyone connects read-only. */
  isFrozen?: (documentName: string) => boolean | Promise<boolean>;
  /**
   * A document's live sockets here were just made read-only because it froze,
   * and what they sent before is durable: e.g. fold the store into the frozen copy.
   */
  onFrozen?: (documentName: string) => Promise<void>;
  logger?: CollabLogger;
  /** URL path before the document name; default "/collab". */
  pathPrefix?: string;
  /** Whose X-Forwarded-For is believed (TRUSTED_PROXIES compiled, see limits.ts clientAddress); default none. */
  trustProxy?: ProxyTrust;
  /** Other collab processes (Redis): updates, presence and access changes cross through it. */
  relay?: DocumentRelay;
  /** With the relay: where an edit is durable first (Redis streams), the database log following it (redis-journal.ts). */
  journal?: DocumentJournal;
  /** The access of a live socket now (the portal's check against the database): used for access changes announced by other processes. */
  accessCheck?: AccessCheck;
}

export interface ConnectionFilter {
  userId?: string;
  documentName?: string;
}

export interface ConnectionInfo {
  userId: string;
  userName: string;
  documentName: string;
  access: CollabAccess;
}

/** Decides a live socket's access again: "edit", "read" (downgrade) or null (close with ACCESS_REVOKED). */
export type AccessCheck = (connection: ConnectionInfo) => CollabAccess | null | Promise<CollabAccess | null>;

export interface CollabServerStats {
  connections: number;
  documents: number;
  documentsWithUnstoredChanges: number;
  attachedPeers: number;
  queuedStoreOperations: number;
}

export interface CollabServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  closeConnectionsFor(userId: string, documentName?: string): number;
  reauthorize(filter: ConnectionFilter, check: AccessCheck): Promise<{ kept: number; downgraded: number; upgraded: number; closed: number }>;
  /** Access changed (revocation, submission): re-checks matching sockets here and tells every other process to do the same. */
  accessChanged(filter: ConnectionFilter): Promise<void>;
  flushAll(): Promise<void>;
  /** Resolves once every edit this process accepted for the document is durable (exports read the store after it). */
  whenDurable(documentName: string): Promise<void>;
  close(): Promise<void>;
  stats(): CollabServerStats;
}

/** The document name in `<prefix>/<name>[?query]`; undefined when the path is not ours. */
export function documentNameFromUrl(url: string | undefined, prefix: string): string | undefined {
  const path = (url ?? "").split("?")[0];
  if (!path.startsWith(`${prefix}/`)) return undefined;
  try {
    return decodeURIComponent(path.slice(prefix.length + 1));
  } catch {
    return "";
  }
}

export function createCollabServer(options: CollabServerOptions): CollabServer {
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? createPinoCollabLogger(getLogger());
  const prefix = (options.pathPrefix ?? "/collab").replace(/\/+$/, "");
  const isOriginAllowed = createOriginCheck(options.allowedOrigins);
  const perAddress = new ConnectionsPerAddress(limits.maxConnectionsPerIp);
  const connections = new Set<CollabConnection>();
  const registry = new DocumentRegistry<CollabConnection>({
    store: options.store,
    timing: { ...DEFAULT_STORE_TIMING, ...options.storeTiming },
    storeConcurrency: options.storeConcurrency ?? 1,
    maxDocuments: limits.maxDocuments,
    maxAwarenessClientsPerPeer: limits.maxAwarenessClientsPerConnection,
    onStored: options.onStored,
    upgrade: options.upgrade,
    logger,
    relay: options.relay,
    journal: options.journal,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: hardPayloadCap(limits), perMessageDeflate: false, clientTracking: false });
  // Each socket is beaten every heartbeatMs, but a tenth of them at a time (by id): beating all at
  // once sent a ping and a presence query to every socket and took every answer in one burst,
  // holding up the edits that arrived meanwhile (decision 0070).
  let heartbeatSlice = 0;
  const heartbeat = setInterval(() => {
    const slice = heartbeatSlice;
    heartbeatSlice = (heartbeatSlice + 1) % HEARTBEAT_SLICES;
    connections.forEach((c) => {
      if (c.id % HEARTBEAT_SLICES === slice) c.heartbeat();
    });
  }, limits.heartbeatMs / HEARTBEAT_SLICES).unref();
  let closePromise: Promise<void> | undefined;
  const revocations = new RevocationList();
  let revocationEpoch = 0;

  /** Runs authenticate again if a revocation happened meanwhile: it may have read the old permissions. */
  async function authenticateCurrent(req: IncomingMessage, documentName: string): Promise<CollabIdentity> {
    for (let attempt = 1; ; attempt += 1) {
      const epoch = revocationEpoch;
      const identity = await options.authenticate(req, documentName);
      if (epoch === revocationEpoch || attempt === 3) return identity;
    }
  }

  const refuse = (connection: CollabConnection, code: CollabCloseCodeValue, reason?: string) => {
    logger.info("connection refused", { code, reason, document: connection.documentName, address: connection.address });
    connection.close(code, reason);
  };

  async function admit(socket: WebSocket, req: IncomingMessage, documentName: string, address: string) {
    // Without a listener, a socket error (e.g. ECONNRESET) would crash the process.
    socket.on("error", (error) => logger.debug("socket error", { document: documentName, address, error }));
    if (closePromise) {
      socket.close(CollabCloseCode.SHUTTING_DOWN);
      return;
    }
    if (!perAddress.tryAcquire(address)) {
      logger.warn("too many connections", { address });
      socket.close(CollabCloseCode.TOO_MANY_CONNECTIONS);
      return;
    }
    const connection = new CollabConnection(socket, documentName, address, limits, logger);
    connections.add(connection);
    let socketClosed = false;
    let lease: DocumentLease<CollabConnection> | undefined;
    socket.on("close", () => {
      socketClosed = true;
      connections.delete(connection);
      perAddress.release(address);
      lease?.release(connection);
    });

    if (!isOriginAllowed(req.headers.origin)) return refuse(connection, CollabCloseCode.FORBIDDEN, "Origen no permitido");
    if (!isDocumentName(documentName)) return refuse(connection, CollabCloseCode.NOT_FOUND, "Nombre de documento inválido");
    try {
      const identity = await authenticateCurrent(req, documentName);
      const verdict = revocations.check(identity.userId, documentName, identity.issuedAt);
      if (verdict === "revoked") return refuse(connection, CollabCloseCode.ACCESS_REVOKED);
      const frozen = (await options.isFrozen?.(documentName)) ?? false;
      connection.identity = { userId: identity.userId, userName: identity.userName };
      connection.access = frozen || verdict === "read" ? "read" : identity.access;
      connection.readOnlyCode = frozen ? CollabCloseCode.DOCUMENT_FROZEN : CollabCloseCode.FORBIDDEN;
    } catch (error) {
      if (error instanceof CollabRefusal) return refuse(connection, error.code, error.message);
      logger.error("authenticate failed", { document: documentName, error });
      return connection.close(CollabCloseCode.SERVER_ERROR);
    }
    if (socketClosed || connection.isClosing) return;

    try {
      lease = registry.acquire(documentName);
    } catch (error) {
      if (!(error instanceof TooManyDocumentsError)) throw error;
      logger.warn("document capacity reached", { document: documentName, documents: registry.size });
      return connection.close(CollabCloseCode.SERVER_BUSY);
    }
    try {
      await lease.whenReady;
    } catch {
      return connection.close(CollabCloseCode.SERVER_ERROR, "No se pudo cargar el documento");
    }
    if (socketClosed || connection.isClosing) return;
    connection.attach(lease.shared);
    if (options.relay && !options.relay.connected) connection.send(encodeServerNotice("relay-down"));
    logger.debug("connection attached", { connection: connection.id, document: documentName, user: connection.userId, access: connection.access });
  }

  const matching = (filter: ConnectionFilter) =>
    [...connections].filter(
      (c) =>
        c.identity !== undefined &&
        !c.isClosing &&
        (filter.userId === undefined || c.userId === filter.userId) &&
        (filter.documentName === undefined || c.documentName === filter.documentName),
    );

  const reauthorizeLocal = async (filter: ConnectionFilter) => {
    if (!options.accessCheck) return;
    await server.reauthorize(filter, options.accessCheck);
  };
  if (options.relay) {
    const relay = options.relay;
    relay.onAccessChange((change: AccessChange) => {
      reauthorizeLocal(change).catch((error: unknown) => logger.error("access change failed", { ...change, error }));
    });
    relay.onStatus((connected) => {
      const notice = encodeServerNotice(connected ? "relay-up" : "relay-down");
      connections.forEach((c) => c.send(notice));
      if (!connected) return;
      // What crossed while we were cut off: edits from the database, access changes by re-checking everyone.
      registry.resync().catch((error: unknown) => logger.error("resync failed", { error }));
      reauthorizeLocal({}).catch((error: unknown) => logger.error("access re-check after relay outage failed", { error }));
    });
  }

  const server: CollabServer = {
    handleUpgrade(req, socket, head) {
      const documentName = documentNameFromUrl(req.url, prefix);
      if (documentName === undefined) {
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      const address = clientAddress(req, options.trustProxy ?? false);
      wss.handleUpgrade(req, socket, head, (ws) => {
        admit(ws, req, documentName, address).catch((error: unknown) => {
          logger.error("admission failed", { document: documentName, error });
          ws.terminate();
        });
      });
    },

    closeConnectionsFor(userId, documentName) {
      revocationEpoch += 1;
      revocations.record(userId, documentName, null);
      const targets = matching({ userId, documentName });
      targets.forEach((c) => c.close(CollabCloseCode.ACCESS_REVOKED));
      if (targets.length > 0) logger.info("connections revoked", { user: userId, document: documentName, count: targets.length });
      return targets.length;
    },

    async reauthorize(filter, check) {
      revocationEpoch += 1;
      const result = { kept: 0, downgraded: 0, upgraded: 0, closed: 0 };
      const froze = new Set<string>();
      await Promise.all(
        matching(filter).map(async (c) => {
          let access: CollabAccess | null;
          let frozen: boolean;
          try {
            access = await check({ userId: c.userId, userName: c.identity!.userName, documentName: c.documentName, access: c.access });
            frozen = (await options.isFrozen?.(c.documentName)) ?? false;
          } catch (error) {
            // Fail closed: the socket reconnects and goes through authenticate again.
            logger.error("reauthorize check failed", { document: c.documentName, user: c.userId, error });
            c.close(CollabCloseCode.SERVER_ERROR);
            result.closed += 1;
            return;
          }
          if (access !== "edit") revocations.record(c.userId, c.documentName, access);
          if (access === null) {
            c.close(CollabCloseCode.ACCESS_REVOKED);
            result.closed += 1;
          } else if (!c.readOnly && (access === "read" || frozen)) {
            c.downgrade(frozen ? CollabCloseCode.DOCUMENT_FROZEN : CollabCloseCode.FORBIDDEN);
            if (frozen) froze.add(c.documentName);
            result.downgraded += 1;
          } else if (c.readOnly && access === "edit" && !frozen) {
            c.upgrade();
            result.upgraded += 1;
          } else {
            result.kept += 1;
          }
        }),
      );
      logger.info("connections reauthorized", { ...filter, ...result });
      // Edits these sockets sent before are written first: the frozen copy can then take them all.
      await Promise.all(
        [...froze].map(async (documentName) => {
          try {
            await registry.whenDurable(documentName);
            await options.onFrozen?.(documentName);
          } catch (error) {
            logger.error("completing a frozen document failed", { document: documentName, error });
          }
        }),
      );
      return result;
    },

    async accessChanged(filter) {
      await Promise.all([reauthorizeLocal(filter), options.relay?.publishAccessChange(filter)]);
    },

    flushAll: () => registry.flushAll(),

    whenDurable: (documentName) => registry.whenDurable(documentName),

    close() {
      closePromise ??= (async () => {
        clearInterval(heartbeat);
        connections.forEach((c) => c.close(CollabCloseCode.SHUTTING_DOWN));
        try {
          await registry.close();
        } finally {
          wss.close();
        }
      })();
      return closePromise;
    },

    stats: () => ({ connections: connections.size, ...registry.stats() }),
  };
  return server;
}
