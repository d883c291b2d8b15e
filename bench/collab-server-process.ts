/*
 * A collab server under benchmark, in its own process so the clients' work
 * does not share its event loop. `ours`: createCollabServer with token auth
 * and PGlite persistence (production store timings). `peer`: a bare
 * @y/websocket-server 0.1.1 (setupWSConnection). `hocuspocus`: Hocuspocus
 * 3.4.4 joined to its siblings by @hocuspocus/extension-redis (BENCH_REDIS_URL,
 * keys and channels under BENCH_REDIS_PREFIX), checking the same signed tokens
 * as ours in onAuthenticate (bench/collab-scale.ts). Talks to the bench over
 * IPC: "ready" with the port, "memory" (after a forced GC), "stats", "stop".
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { WebSocketServer } from "ws";

type Kind = "ours" | "peer" | "hocuspocus";
type Request = { type: "memory" | "stats" | "stop"; id: number };

const kind = process.argv[2] as Kind;
const secret = process.env.BENCH_COLLAB_SECRET ?? "";
const origin = process.env.BENCH_ORIGIN ?? "";

function reply(message: Record<string, unknown>) {
  process.send?.(message);
}

function report(forceGc: boolean) {
  if (forceGc) {
    (globalThis as { gc?: () => void }).gc?.();
    (globalThis as { gc?: () => void }).gc?.();
  }
  const cpu = process.cpuUsage();
  return { heapUsed: process.memoryUsage().heapUsed, cpuMicros: cpu.user + cpu.system };
}

async function startOurs(server: http.Server) {
  const { openDatabase } = await import("../app/db/client.server");
  const { createTokenAuthenticator } = await import("../collab-server/auth");
  const { createDatabaseStore } = await import("../collab-server/persistence");
  const { createCollabServer } = await import("../collab-server/server");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-collab-"));
  const database = await openDatabase({ dataDir });
  const loadTimes: number[] = [];
  const collab = createCollabServer({
    allowedOrigins: [origin],
    authenticate: createTokenAuthenticator({ secret }),
    store: createDatabaseStore(database.db),
    limits: { maxConnectionsPerIp: 10_000 },
    logger: {
      debug: (event, fields) => {
        if (event === "document loaded" && fields?.stored) loadTimes.push(Number(fields.ms));
      },
      info: () => undefined,
      warn: (event, fields) => console.warn(event, fields),
      error: (event, fields) => console.error(event, fields),
    },
  });
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  return {
    stats: () => ({ ...collab.stats(), loadTimes }),
    stop: async () => {
      await collab.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startPeer(server: http.Server) {
  const { setupWSConnection, docs } = await import("@y/websocket-server/utils");
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req));
  });
  return {
    stats: () => ({ documents: docs.size }),
    stop: async () => {
      wss.close();
    },
  };
}

async function startHocuspocus(server: http.Server) {
  const { Hocuspocus } = await import("@hocuspocus/server");
  const { Redis } = await import("@hocuspocus/extension-redis");
  const { verifyCollabToken } = await import("../app/collab/token");
  const redisUrl = new URL(process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379");
  const redis = new Redis({
    host: redisUrl.hostname,
    port: Number(redisUrl.port || 6379),
    options: { db: Number(redisUrl.pathname.slice(1) || 0) },
    prefix: process.env.BENCH_REDIS_PREFIX ?? "hocuspocus",
  });
  const hocuspocus = new Hocuspocus({
    quiet: true,
    extensions: [redis],
    // The same signed token as ours, checked the same way.
    async onAuthenticate({ token, documentName }) {
      const result = verifyCollabToken(token, { secret, documentName });
      if (!result.ok) throw new Error(result.reason);
      return { userId: result.claims.userId };
    },
  });
  // With two instances the Redis lock makes one of them skip each store, as designed; Hocuspocus logs that as an error.
  const logError = console.error;
  console.error = (...args: unknown[]) => {
    const cause = (args[1] as { cause?: unknown } | undefined)?.cause;
    if (args[0] === "Caught error during storeDocumentHooks" && String(cause).startsWith("Could not acquire lock")) return;
    logError(...args);
  };
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => hocuspocus.handleConnection(ws, req));
  });
  return {
    stats: () => ({ documents: hocuspocus.getDocumentsCount() }),
    stop: async () => {
      hocuspocus.closeConnections();
      wss.close();
      await hocuspocus.hooks("onDestroy", { instance: hocuspocus });
    },
  };
}

const starters = { ours: startOurs, peer: startPeer, hocuspocus: startHocuspocus };

async function main() {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const target = await starters[kind](server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.on("message", async (request: Request) => {
    if (request.type === "memory") reply({ id: request.id, ...report(true), ...target.stats() });
    if (request.type === "stats") reply({ id: request.id, ...report(false), ...target.stats() });
    if (request.type === "stop") {
      await target.stop();
      server.closeAllConnections();
      server.close();
      reply({ id: request.id });
      process.exit(0);
    }
  });
  reply({ type: "ready", port: (server.address() as AddressInfo).port, ...report(true), ...target.stats() });
}

// The harness dies → so do we (no orphan servers).
process.on("disconnect", () => process.exit(0));
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
