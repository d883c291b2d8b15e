import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import * as Y from "yjs";
import { createCollabProvider, type CollabCloseInfo, type CollabProviderHandle } from "~/collab/provider.client";
import type { ServerNotice } from "~/collab/close-codes";
import { formatDocumentName, type CollabDocumentName } from "~/collab/document-name";
import { createCollabToken, type CollabAccess } from "~/collab/token";
import { createTokenAuthenticator } from "../../../collab-server/auth";
import type { CollabLogger, LogFields } from "../../../collab-server/logger";
import { createDatabaseStore, type DocumentStore } from "../../../collab-server/persistence";
import { createCollabServer, type CollabServer, type CollabServerOptions } from "../../../collab-server/server";
import type { DatabaseHandle } from "~/db/client.server";
import type { Redis } from "ioredis";
import { connectRedis, whenRedisReady } from "~/redis/connection.server";
import { linkProcesses } from "../../../collab-server/process-group";

/* Real servers and real y-websocket clients for the collab tests. */

// Each y-websocket provider in Node adds a process "exit" listener.
process.setMaxListeners(300);

export const ORIGIN = "http://portal.test";
export const SECRET = "test-secret-for-collab-tokens-0123456789";

export function newDocumentName(kind: "proposal" | "meeting" = "proposal"): CollabDocumentName {
  return formatDocumentName({ kind, id: crypto.randomUUID() });
}

/** `ws` sends no Origin unless told: browsers always do. */
export function webSocketWithOrigin(origin: string | undefined) {
  return class OriginWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, origin ? { origin } : {});
    }
  } as unknown as typeof globalThis.WebSocket;
}

export interface LogEntry {
  level: string;
  event: string;
  fields?: LogFields;
}

/** Keeps log events in memory so tests can assert on them (and nothing reaches console.error). */
export function createMemoryLogger(): CollabLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => void entries.push({ level, event, fields });
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface RunningServer {
  collab: CollabServer;
  url: string;
  port: number;
  logger: ReturnType<typeof createMemoryLogger>;
  stop(): Promise<void>;
}

export async function startServer(
  handle: DatabaseHandle,
  overrides: Partial<CollabServerOptions> & { store?: DocumentStore } = {},
): Promise<RunningServer> {
  const logger = createMemoryLogger();
  const collab = createCollabServer({
    allowedOrigins: [ORIGIN],
    authenticate: createTokenAuthenticator({ secret: SECRET }),
    store: createDatabaseStore(handle.db),
    logger,
    storeTiming: { debounceMs: 100, maxWaitMs: 500, retryBaseMs: 50, alignMs: 10 },
    limits: { heartbeatMs: 60_000 },
    ...overrides,
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    collab,
    port,
    logger,
    url: `ws://127.0.0.1:${port}/collab`,
    async stop() {
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function tokenFor(documentName: string, userId: string, access: CollabAccess = "edit", ttlSeconds = 60) {
  return createCollabToken({ secret: SECRET, userId, userName: `Usuario ${userId}`, documentName, access, ttlSeconds });
}

export interface TestClient extends CollabProviderHandle {
  doc: Y.Doc;
  text: Y.Text;
  closes: CollabCloseInfo[];
  readOnlyNotices: number[];
  serverNotices: ServerNotice[];
  synced(): Promise<void>;
}

export async function connectClient(
  url: string,
  documentName: string,
  options: {
    userId?: string;
    access?: CollabAccess;
    doc?: Y.Doc;
    token?: string;
    origin?: string | null;
    getToken?: () => Promise<string>;
    /** Another WebSocket class (e.g. one that never answers pings); replaces the Origin option. */
    polyfill?: typeof globalThis.WebSocket;
  } = {},
): Promise<TestClient> {
  const doc = options.doc ?? new Y.Doc();
  const closes: CollabCloseInfo[] = [];
  const readOnlyNotices: number[] = [];
  const serverNotices: ServerNotice[] = [];
  const userId = options.userId ?? "u1";
  const token = options.token ?? tokenFor(documentName, userId, options.access ?? "edit");
  const handle = await createCollabProvider({
    serverUrl: url,
    documentName: documentName as CollabDocumentName,
    doc,
    getToken: options.getToken ?? (async () => token),
    WebSocketPolyfill: options.polyfill ?? webSocketWithOrigin(options.origin === null ? undefined : (options.origin ?? ORIGIN)),
    maxBackoffTime: 300,
    onClose: (info) => closes.push(info),
    onReadOnly: (code) => readOnlyNotices.push(code),
    onServerNotice: (notice) => serverNotices.push(notice),
    maxReauthentications: options.getToken ? 3 : 0,
  });
  return {
    ...handle,
    doc,
    text: doc.getText("body"),
    closes,
    readOnlyNotices,
    serverNotices,
    synced: () =>
      handle.provider.synced ? Promise.resolve() : new Promise((resolve) => handle.provider.once("sync", () => resolve())),
  };
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The stored document as a fresh Y.Doc (what a cold load would serve). */
export async function loadStored(handle: DatabaseHandle, documentName: string): Promise<Y.Doc> {
  const stored = await createDatabaseStore(handle.db).load(documentName);
  const doc = new Y.Doc();
  stored?.updates.forEach((update) => Y.applyUpdate(doc, update));
  return doc;
}

/** A raw socket (no y-websocket logic) for hostile-client tests; resolves when open. */
export async function openRawSocket(url: string, documentName: string, query = "") {
  const socket = new WebSocket(`${url}/${documentName}${query}`, { origin: ORIGIN });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("close", () => reject(new Error("closed before open")));
  });
  return { socket, closed };
}

/**
 * A process's link to the others, as `joinProcessGroup` makes it: two real Redis connections
 * (pushed onto `connections` for the test to close), the relay and the journal.
 */
export async function linkToRedis(redisUrl: string, prefix: string, connections: Redis[]) {
  const logger = createMemoryLogger();
  const publisher = connectRedis(redisUrl, { name: "test-pub", logger });
  const subscriber = connectRedis(redisUrl, { name: "test-sub", logger });
  connections.push(publisher, subscriber);
  await Promise.all([whenRedisReady(publisher), whenRedisReady(subscriber)]);
  return { ...linkProcesses({ publisher, subscriber, prefix, maxMessageBytes: 2 * 1024 * 1024, logger }), publisher, logger };
}
