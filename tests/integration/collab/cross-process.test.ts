import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollabCloseCode } from "~/collab/close-codes";
import type { DatabaseHandle } from "~/db/client.server";
import { RelayMessage } from "../../../collab-server/redis-relay";
import type { AccessCheck } from "../../../collab-server/server";
import { createTestDatabase } from "../../setup/db";
import { sharedRedisUrl, startPrivateRedis, uniqueRedisPrefix, type PrivateRedis } from "../../setup/redis";
import { linkToRedis, connectClient, loadStored, newDocumentName, startServer, waitFor, type RunningServer, type TestClient } from "./helpers";

/*
 * Two collab servers (as two processes would run them) on one database, joined
 * by a real Redis: edits, presence and access changes cross; compactions on
 * both erase nothing; a Redis outage keeps each side editing and they merge by
 * themselves when it is back; garbage on the channel reaches no one.
 */

describe("collab servers joined by Redis", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  const servers: RunningServer[] = [];
  const redises: Redis[] = [];
  const track = (client: TestClient) => (clients.push(client), client);
  /** Users whose access the test withdrew (the access check reads it, as the database would). */
  const revoked = new Set<string>();
  const accessCheck: AccessCheck = (connection) => (revoked.has(connection.userId) ? null : connection.access);

  async function startJoined(redisUrl: string, prefix: string, overrides: Parameters<typeof startServer>[1] = {}) {
    const { relay, journal, logger } = await linkToRedis(redisUrl, prefix, redises);
    const server = await startServer(handle, { relay, journal, accessCheck, ...overrides });
    servers.push(server);
    return { server, relay, journal, logger };
  }

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    for (const server of servers) await server.stop().catch(() => undefined);
    redises.forEach((r) => r.disconnect());
    await handle.close();
  });

  it("relays edits and presence across processes; a fresh client on either side gets everything", async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = [await startJoined(sharedRedisUrl(), prefix), await startJoined(sharedRedisUrl(), prefix)];
    const name = newDocumentName();
    const onA = track(await connectClient(a.server.url, name, { userId: "ana" }));
    const onB = track(await connectClient(b.server.url, name, { userId: "beto" }));
    await Promise.all([onA.synced(), onB.synced()]);
    onA.text.insert(0, "Desde A. ");
    onB.text.insert(0, "Desde B. ");
    await waitFor(() => [onA, onB].every((c) => c.text.toString().includes("Desde A.") && c.text.toString().includes("Desde B.")), 3_000, "edits cross");
    onA.provider.awareness.setLocalStateField("user", { name: "Ana" });
    await waitFor(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name === "Ana", 3_000, "presence crosses");
    // Leaving withdraws the presence on the other process too.
    onA.destroy();
    await waitFor(() => !onB.provider.awareness.getStates().has(onA.doc.clientID), 3_000, "presence withdrawn across");
    const final = onB.text.toString();
    onB.destroy();
    await waitFor(() => a.server.collab.stats().documents + b.server.collab.stats().documents === 0, 5_000, "both unloaded");
    const fresh = track(await connectClient(a.server.url, name, { userId: "carla" }));
    await fresh.synced();
    expect(fresh.text.toString()).toBe(final);
    expect((await loadStored(handle, name)).getText("body").toString()).toBe(final);
  });

  it("compactions in both processes keep every edit (no snapshot overwrites another)", async () => {
    const prefix = uniqueRedisPrefix();
    const timing = { storeTiming: { compactEvery: 2, alignMs: 10 } };
    const [a, b] = [await startJoined(sharedRedisUrl(), prefix, timing), await startJoined(sharedRedisUrl(), prefix, timing)];
    const name = newDocumentName();
    const onA = track(await connectClient(a.server.url, name, { userId: "ana" }));
    const onB = track(await connectClient(b.server.url, name, { userId: "beto" }));
    await Promise.all([onA.synced(), onB.synced()]);
    const words = Array.from({ length: 12 }, (_, i) => `[${i % 2 ? "B" : "A"}${i}]`);
    for (const [i, word] of words.entries()) {
      const client = i % 2 ? onB : onA;
      client.text.insert(client.text.length, word);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await waitFor(() => [onA, onB].every((c) => words.every((w) => c.text.toString().includes(w))), 3_000, "converged");
    await Promise.all([a.server.collab.flushAll(), b.server.collab.flushAll()]);
    onA.destroy();
    onB.destroy();
    await waitFor(() => a.server.collab.stats().documents + b.server.collab.stats().documents === 0, 5_000, "both compacted and unloaded");
    const stored = (await loadStored(handle, name)).getText("body").toString();
    expect(words.filter((w) => !stored.includes(w))).toEqual([]);
  });

  it("an access change announced on one process closes the socket on the other within a second", async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = [await startJoined(sharedRedisUrl(), prefix), await startJoined(sharedRedisUrl(), prefix)];
    const name = newDocumentName();
    const onB = track(await connectClient(b.server.url, name, { userId: "revocada" }));
    const stays = track(await connectClient(b.server.url, name, { userId: "sigue" }));
    await Promise.all([onB.synced(), stays.synced()]);
    revoked.add("revocada");
    const started = Date.now();
    await a.server.collab.accessChanged({ userId: "revocada" });
    await waitFor(() => onB.closes.some((c) => c.code === CollabCloseCode.ACCESS_REVOKED), 1_000, "revoked on the other process");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(stays.closes).toEqual([]);
  });

  it("edit access given back on one process (minutes reopened) makes a read-only socket on the other writable", async () => {
    const prefix = uniqueRedisPrefix();
    const editors = new Set<string>();
    const check: AccessCheck = (connection) => (editors.has(connection.userId) ? "edit" : "read");
    const [a, b] = [await startJoined(sharedRedisUrl(), prefix, { accessCheck: check }), await startJoined(sharedRedisUrl(), prefix, { accessCheck: check })];
    const name = newDocumentName();
    const reader = track(await connectClient(b.server.url, name, { userId: "lectora", access: "read" }));
    const watcher = track(await connectClient(a.server.url, name, { userId: "mira" }));
    await Promise.all([reader.synced(), watcher.synced()]);
    expect(reader.readOnlyNotices.length).toBe(1);
    editors.add("lectora");
    await a.server.collab.accessChanged({ documentName: name });
    await waitFor(() => reader.serverNotices.includes("writable"), 1_000, "writable on the other process");
    reader.text.insert(reader.text.length, "después");
    await waitFor(() => watcher.text.toString() === "después", 3_000, "the edit relayed across processes");
  });

  it("drops garbage and oversized messages on the channel; the document is untouched", async () => {
    const prefix = uniqueRedisPrefix();
    const a = await startJoined(sharedRedisUrl(), prefix);
    const name = newDocumentName();
    const client = track(await connectClient(a.server.url, name, { userId: "ana" }));
    await client.synced();
    client.text.insert(0, "intacto");
    await waitFor(() => a.server.collab.stats().documentsWithUnstoredChanges === 0, 2_000);
    const intruder = new Redis(sharedRedisUrl());
    redises.push(intruder);
    const channel = `${prefix}collab:doc:${name}`;
    const header = (type: number) => Buffer.concat([Buffer.from([type]), Buffer.alloc(8, 7)]);
    await intruder.publish(channel, Buffer.concat([header(RelayMessage.UPDATE), Buffer.from([1, 2, 3, 250, 250, 250])]));
    await intruder.publish(channel, Buffer.concat([header(RelayMessage.AWARENESS), Buffer.from([9, 9, 9])]));
    await intruder.publish(channel, Buffer.concat([header(RelayMessage.UPDATE), Buffer.alloc(3 * 1024 * 1024, 1)]));
    await intruder.publish(channel, Buffer.from([0]));
    const dropped = () => [...a.logger.entries, ...a.server.logger.entries].filter((e) => e.level === "warn" && /dropped/.test(e.event));
    await waitFor(() => dropped().length >= 4, 2_000, "all four dropped");
    expect(client.text.toString()).toBe("intacto");
    expect(client.closes).toEqual([]);
  });

  it("keeps editing through a Redis outage, tells the clients, and merges both sides when Redis is back", async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    try {
      const prefix = uniqueRedisPrefix();
      const [a, b] = [await startJoined(redis.url, prefix), await startJoined(redis.url, prefix)];
      const name = newDocumentName();
      const notices: string[] = [];
      const onA = track(await connectClient(a.server.url, name, { userId: "ana" }));
      const onB = track(await connectClient(b.server.url, name, { userId: "beto" }));
      await Promise.all([onA.synced(), onB.synced()]);
      onA.text.insert(0, "antes ");
      await waitFor(() => onB.text.toString() === "antes ", 2_000, "before the outage");

      await redis.stop();
      await waitFor(() => a.logger.entries.some((e) => e.event.startsWith("relay lost")) && b.logger.entries.some((e) => e.event.startsWith("relay lost")), 5_000, "outage noticed");
      onA.text.insert(onA.text.length, "[A durante]");
      onB.text.insert(onB.text.length, "[B durante]");
      const local = track(await connectClient(a.server.url, name, { userId: "local" }));
      await local.synced();
      // Within one process co-editing goes on; nothing is lost.
      await waitFor(() => local.text.toString().includes("[A durante]"), 2_000, "local co-editing during the outage");
      expect(onB.text.toString()).not.toContain("[A durante]");
      notices.push(...local.serverNotices);

      await redis.start();
      await waitFor(
        () => [onA, onB, local].every((c) => c.text.toString().includes("[A durante]") && c.text.toString().includes("[B durante]")),
        15_000,
        "both sides merged after the outage",
      );
      onA.text.insert(onA.text.length, "[después]");
      await waitFor(() => onB.text.toString().includes("[después]"), 3_000, "live again");
      expect(notices).toContain("relay-down");
      await waitFor(() => onA.serverNotices.includes("relay-up"), 3_000, "told it is back");
    } finally {
      await redis.stop();
    }
  }, 60_000);
});
