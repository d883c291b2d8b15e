import type { Redis } from "ioredis";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "~/db/client.server";
import { DEFAULT_LIMITS } from "../../../collab-server/limits";
import { createTestDatabase } from "../../setup/db";
import { sharedRedisUrl, uniqueRedisPrefix } from "../../setup/redis";
import { linkToRedis, connectClient, newDocumentName, ORIGIN, startServer, waitFor, type RunningServer, type TestClient } from "./helpers";

/*
 * Someone whose line drops without a goodbye (no close frame, no more pongs)
 * leaves the others' presence list: the server's heartbeat terminates the
 * silent socket and withdraws its presence, on its own process and, through
 * Redis, on the others. With the default heartbeat that happens within 30 s.
 */

/**
 * A client whose page can no longer send once `silenced`: nothing it sends
 * leaves (as in Chromium's offline mode), while its network layer still
 * answers pings unless `autoPong` is off (a line that is really gone).
 */
function silentWebSocket(options: { autoPong: boolean }) {
  const control = { silenced: false };
  const Silent = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { origin: ORIGIN, autoPong: options.autoPong });
    }
    send(data: Parameters<WebSocket["send"]>[0]) {
      // The provider sends binary messages without options or callback.
      if (!control.silenced) super.send(data);
    }
  } as unknown as typeof globalThis.WebSocket;
  return { Silent, control };
}

const HEARTBEAT_MS = 150;

describe("presence of someone who went offline", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  const servers: RunningServer[] = [];
  const redises: Redis[] = [];
  const track = (client: TestClient) => (clients.push(client), client);

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    for (const server of servers) await server.stop().catch(() => undefined);
    redises.forEach((r) => r.disconnect());
    await handle.close();
  });

  async function startJoined(prefix: string) {
    const { relay, journal } = await linkToRedis(sharedRedisUrl(), prefix, redises);
    const server = await startServer(handle, { relay, journal, limits: { heartbeatMs: HEARTBEAT_MS } });
    servers.push(server);
    return server;
  }

  it("by default, a silent socket is dropped within 30 s (two heartbeats)", () => {
    expect(2 * DEFAULT_LIMITS.heartbeatMs).toBeLessThanOrEqual(30_000);
  });

  it.each([
    ["line is gone (no pongs either)", false],
    ["page can no longer send, though pings are answered", true],
  ])("withdraws the presence of a client whose %s, on its own process", async (_case, autoPong) => {
    const server = await startServer(handle, { limits: { heartbeatMs: HEARTBEAT_MS } });
    servers.push(server);
    const name = newDocumentName();
    const watcher = track(await connectClient(server.url, name, { userId: "ana" }));
    const { Silent, control } = silentWebSocket({ autoPong });
    const gone = track(await connectClient(server.url, name, { userId: "beto", polyfill: Silent }));
    await Promise.all([watcher.synced(), gone.synced()]);
    gone.provider.awareness.setLocalStateField("user", { name: "Beto" });
    await waitFor(() => watcher.provider.awareness.getStates().get(gone.doc.clientID)?.user?.name === "Beto", 3_000, "Beto present");
    // The line is gone: nothing more leaves, no reconnect either.
    control.silenced = true;
    gone.provider.shouldConnect = false;
    const startedAt = Date.now();
    await waitFor(() => !watcher.provider.awareness.getStates().has(gone.doc.clientID), 3_000, "Beto withdrawn");
    // Two heartbeats at most (plus scheduling), far below y-protocols' 30 s timeout.
    expect(Date.now() - startedAt).toBeLessThan(2 * HEARTBEAT_MS + 1_000);
    expect(watcher.provider.awareness.getStates().get(watcher.doc.clientID)).toBeDefined();
    // The watcher answers every beat's question: it stays connected.
    await new Promise((resolve) => setTimeout(resolve, 6 * HEARTBEAT_MS));
    expect(watcher.provider.wsconnected).toBe(true);
    expect(watcher.closes).toEqual([]);
  });

  it("withdraws it on the other processes too (through Redis)", async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = [await startJoined(prefix), await startJoined(prefix)];
    const name = newDocumentName();
    const watcher = track(await connectClient(b.url, name, { userId: "ana" }));
    const { Silent, control } = silentWebSocket({ autoPong: true });
    const gone = track(await connectClient(a.url, name, { userId: "beto", polyfill: Silent }));
    await Promise.all([watcher.synced(), gone.synced()]);
    gone.provider.awareness.setLocalStateField("user", { name: "Beto" });
    await waitFor(() => watcher.provider.awareness.getStates().get(gone.doc.clientID)?.user?.name === "Beto", 3_000, "Beto present across");
    control.silenced = true;
    gone.provider.shouldConnect = false;
    await waitFor(() => !watcher.provider.awareness.getStates().has(gone.doc.clientID), 3_000, "Beto withdrawn across");
    expect(a.collab.stats().connections).toBe(0);
  });
});
