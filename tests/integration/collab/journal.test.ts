import type { ChildProcess } from "node:child_process";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "~/db/client.server";
import { createDatabaseStore, type DocumentStore } from "../../../collab-server/persistence";
import type { DocumentJournal } from "../../../collab-server/redis-journal";
import type { StoreTiming } from "../../../collab-server/store-scheduler";
import { createTestDatabase } from "../../setup/db";
import { sharedRedisUrl, uniqueRedisPrefix } from "../../setup/redis";
import { linkToRedis, connectClient, loadStored, newDocumentName, startServer, waitFor, type RunningServer, type TestClient } from "./helpers";
import { createStandaloneDatabase, freePort, readStoredText, startStandalone, type StandaloneDatabase } from "./standalone-process";

/*
 * With Redis, an edit is durable in the document's Redis journal before
 * anyone else sees it, and the database log follows (decision 0070, session 7
 * update). What a process killed between the two leaves in the journal is
 * served to whoever opens the document next and stored by the sweeper.
 */

describe("the Redis journal", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  const servers: RunningServer[] = [];
  const redises: Redis[] = [];
  const track = (client: TestClient) => (clients.push(client), client);

  const link = (prefix: string) => linkToRedis(sharedRedisUrl(), prefix, redises);

  async function startJoined(prefix: string, storeTiming: Partial<StoreTiming> = {}) {
    const { relay, journal, logger } = await link(prefix);
    const server = await startServer(handle, { relay, journal, storeTiming: { debounceMs: 100, maxWaitMs: 500, retryBaseMs: 50, alignMs: 10, ...storeTiming } });
    servers.push(server);
    return { server, journal, logger };
  }

  const journalled = async (journal: DocumentJournal, name: string) => (await journal.read(name)).length;

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    for (const server of servers) await server.stop().catch(() => undefined);
    redises.forEach((r) => r.disconnect());
    await handle.close();
  });

  it("holds an edit before a co-author on another process sees it; the database follows and the entry goes", async () => {
    const prefix = uniqueRedisPrefix();
    // The database write waits 1.5 s here so the order can be watched.
    const [a, b] = [await startJoined(prefix, { writeBehindMs: 1_500 }), await startJoined(prefix, { writeBehindMs: 1_500 })];
    const name = newDocumentName();
    const typist = track(await connectClient(a.server.url, name, { userId: "ana" }));
    const watcher = track(await connectClient(b.server.url, name, { userId: "beto" }));
    await Promise.all([typist.synced(), watcher.synced()]);
    typist.text.insert(0, "uno dos");
    await waitFor(() => watcher.text.toString() === "uno dos", 2_000, "seen on the other process");
    expect(await journalled(a.journal, name)).toBeGreaterThan(0);
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("");
    // whenDurable (exports, submission, frozen copies) waits for the database, not only the journal.
    await a.server.collab.whenDurable(name);
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("uno dos");
    await waitFor(async () => (await journalled(a.journal, name)) === 0, 2_000, "journal entries deleted once stored");
  });

  it("an entry whose writer died is served from the journal, then stored by the sweeper and forgotten", async () => {
    const prefix = uniqueRedisPrefix();
    const dead = await link(prefix);
    const name = newDocumentName();
    // What a process leaves when it dies between its journal write and its database write.
    const { Doc, encodeStateAsUpdate } = await import("yjs");
    const orphanDoc = new Doc();
    orphanDoc.getText("body").insert(0, "escrito antes del corte");
    await dead.journal.append(name, encodeStateAsUpdate(orphanDoc));

    const a = await startJoined(prefix, { journalSweepMs: 200, journalSweepAgeMs: 300 });
    const reader = track(await connectClient(a.server.url, name, { userId: "ana" }));
    await reader.synced();
    expect(reader.text.toString()).toBe("escrito antes del corte");
    await waitFor(async () => (await loadStored(handle, name)).getText("body").toString() === "escrito antes del corte", 5_000, "swept into the database");
    await waitFor(async () => (await journalled(a.journal, name)) === 0, 2_000, "swept entries deleted");
    await waitFor(async () => (await dead.publisher.exists(`${prefix}collab:journal:${name}`)) === 0, 5_000, "emptied journal forgotten");
    expect(await dead.publisher.sismember(`${prefix}collab:journals`, name)).toBe(0);
    expect(a.server.logger.entries.filter((e) => e.level === "error")).toEqual([]);
  });

  it("a process that shuts down while the database refuses writes leaves its edits in the journal, not nowhere", async () => {
    const prefix = uniqueRedisPrefix();
    const { relay, journal } = await link(prefix);
    const real = createDatabaseStore(handle.db);
    let refusing = false;
    const refuse = () => Promise.reject(new Error("la base de datos no responde"));
    const store: DocumentStore = {
      load: (name) => real.load(name),
      append: (entries) => (refusing ? refuse() : real.append(entries)),
      compact: (name, state) => (refusing ? refuse() : real.compact(name, state)),
    };
    const a = await startServer(handle, { relay, journal, store, storeTiming: { writeBehindMs: 60_000, retryBaseMs: 10, alignMs: 10 } });
    const name = newDocumentName();
    const typist = track(await connectClient(a.url, name, { userId: "ana" }));
    await typist.synced();
    typist.text.insert(0, "sin base de datos");
    await waitFor(async () => (await journalled(journal, name)) > 0, 2_000, "journalled");
    typist.destroy();
    refusing = true;
    await expect(a.stop()).rejects.toThrow(/No se pudieron guardar/);
    expect(await journalled(journal, name)).toBeGreaterThan(0);

    const b = await startJoined(prefix, { journalSweepMs: 200, journalSweepAgeMs: 0 });
    const reader = track(await connectClient(b.server.url, name, { userId: "beto" }));
    await reader.synced();
    expect(reader.text.toString()).toBe("sin base de datos");
    await waitFor(async () => (await loadStored(handle, name)).getText("body").toString() === "sin base de datos", 5_000, "swept into the database");
  });

  it("garbage written into a journal reaches no client and no database; the real entries do", async () => {
    const prefix = uniqueRedisPrefix();
    const intruder = await link(prefix);
    const name = newDocumentName();
    const { Doc, encodeStateAsUpdate } = await import("yjs");
    const real = new Doc();
    real.getText("body").insert(0, "válido");
    const stream = `${prefix}collab:journal:${name}`;
    await intruder.publisher.xadd(stream, "*", "u", Buffer.from([1, 2, 3, 250, 250, 250]));
    await intruder.publisher.xadd(stream, "*", "otro", "campo");
    await intruder.publisher.sadd(`${prefix}collab:journals`, name);
    await intruder.journal.append(name, encodeStateAsUpdate(real));

    const a = await startJoined(prefix, { journalSweepMs: 200, journalSweepAgeMs: 0 });
    const reader = track(await connectClient(a.server.url, name, { userId: "ana" }));
    await reader.synced();
    expect(reader.text.toString()).toBe("válido");
    await waitFor(async () => (await intruder.publisher.exists(stream)) === 0, 5_000, "journal swept and forgotten");
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("válido");
    const warnings = [...a.logger.entries, ...intruder.logger.entries].filter((e) => e.level === "warn" && /journal entries dropped/.test(e.event));
    expect(warnings.length).toBeGreaterThan(0);
  });
});

describe("the Redis journal across a kill -9 (npm run collab)", () => {
  let database: StandaloneDatabase;
  const clients: TestClient[] = [];
  const children: ChildProcess[] = [];
  const redises: Redis[] = [];

  beforeAll(async () => {
    database = await createStandaloneDatabase("collab_journal");
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    children.forEach((c) => c.exitCode === null && c.kill("SIGKILL"));
    redises.forEach((r) => r.disconnect());
    await database.cleanup();
  });

  it("loses no edit the watcher saw when the process dies before writing them to the database", async () => {
    const prefix = uniqueRedisPrefix();
    const redisEnv = { REDIS_URL: sharedRedisUrl(), REDIS_PREFIX: prefix };
    const port = await freePort();
    // The database write is held back for minutes: when the kill comes, the journal is all there is.
    const first = await startStandalone(database, port, { ...redisEnv, COLLAB_WRITE_BEHIND_MS: "600000", COLLAB_JOURNAL_SWEEP_MS: "600000" });
    children.push(first.child);
    const name = newDocumentName();
    const url = `ws://127.0.0.1:${port}/collab`;
    const typist = await connectClient(url, name, { userId: "ana" });
    const watcher = await connectClient(url, name, { userId: "beto" });
    clients.push(typist, watcher);
    await Promise.all([typist.synced(), watcher.synced()]);
    for (let i = 0; i < 20; i += 1) {
      typist.text.insert(typist.text.length, `[${i}]`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => watcher.text.toString().includes("[19]"), 3_000, "the watcher saw every word");
    const seen = watcher.text.toString();
    // Neither client may hand its copy back after the kill: only the server side counts.
    typist.destroy();
    watcher.destroy();
    first.child.kill("SIGKILL");
    await first.exited;

    const { journal } = await linkToRedis(sharedRedisUrl(), prefix, redises);
    expect((await journal.read(name)).length).toBeGreaterThan(0);

    const second = await startStandalone(database, port, { ...redisEnv, COLLAB_JOURNAL_SWEEP_MS: "200", COLLAB_JOURNAL_SWEEP_AGE_MS: "100" });
    children.push(second.child);
    const fresh = await connectClient(url, name, { userId: "carla" });
    clients.push(fresh);
    await fresh.synced();
    expect(fresh.text.toString()).toBe(seen);
    fresh.destroy();
    await waitFor(async () => (await journal.read(name)).length === 0, 5_000, "the sweeper stored the journal");
    second.child.kill("SIGTERM");
    await second.exited;
    expect(await readStoredText(database, name)).toBe(seen);
  }, 90_000);
});
