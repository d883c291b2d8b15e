import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DatabaseHandle } from "~/db/client.server";
import { createDatabaseStore, type DocumentStore } from "../../../collab-server/persistence";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, startServer, waitFor, type TestClient } from "./helpers";

describe("collab server: sync and persistence", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => (clients.push(client), client);

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await handle.close();
  });

  it("five clients editing concurrently converge, and the result is stored", async () => {
    const server = await startServer(handle);
    const name = newDocumentName();
    const five = await Promise.all([1, 2, 3, 4, 5].map((i) => connectClient(server.url, name, { userId: `u${i}` }).then(track)));
    await Promise.all(five.map((c) => c.synced()));
    for (let round = 0; round < 20; round += 1) {
      five.forEach((c, i) => c.text.insert(Math.floor(Math.random() * (c.text.length + 1)), `${i}`));
    }
    await waitFor(() => five.every((c) => c.text.length === 100), 5_000, "convergence");
    const reference = five[0].text.toString();
    expect(five.map((c) => c.text.toString())).toEqual(Array(5).fill(reference));
    for (let i = 0; i < 5; i += 1) expect(reference.split(String(i)).length - 1).toBe(20);

    five.forEach((c) => c.destroy());
    await waitFor(() => server.collab.stats().documents === 0, 5_000, "unload after last disconnect");
    expect((await loadStored(handle, name)).getText("body").toString()).toBe(reference);
    await server.stop();
  });

  it("drops a read-only user's edits: they reach neither the editors nor the database", async () => {
    const server = await startServer(handle);
    const name = newDocumentName("meeting");
    const editor = track(await connectClient(server.url, name, { userId: "editor" }));
    const reader = track(await connectClient(server.url, name, { userId: "reader", access: "read" }));
    await Promise.all([editor.synced(), reader.synced()]);
    expect(reader.readOnlyNotices).toEqual([4403]);

    editor.text.insert(0, "acta");
    await waitFor(() => reader.text.toString() === "acta", 2_000, "reader receives edits");
    reader.text.insert(0, "INTRUSO ");
    editor.text.insert(4, " final");
    await waitFor(() => reader.text.toString().endsWith(" final"), 2_000, "reader still receives");
    // A third client arriving later must not get the dropped edit either.
    const late = track(await connectClient(server.url, name, { userId: "late" }));
    await late.synced();
    expect(editor.text.toString()).toBe("acta final");
    expect(late.text.toString()).toBe("acta final");

    // Presence from the reader is accepted and removed when its socket closes.
    reader.provider.awareness.setLocalStateField("user", { name: "Lectora" });
    const readerId = reader.doc.clientID;
    await waitFor(() => editor.provider.awareness.getStates().has(readerId), 2_000, "reader presence");
    reader.destroy();
    await waitFor(() => !editor.provider.awareness.getStates().has(readerId), 2_000, "presence removed");

    editor.destroy();
    late.destroy();
    await server.stop();
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("acta final");
  });

  it("serves a stored document after a restart, never empty even when loading is slow", async () => {
    const name = newDocumentName();
    const first = await startServer(handle);
    const author = track(await connectClient(first.url, name, { userId: "author" }));
    const observer = track(await connectClient(first.url, name, { userId: "observer" }));
    await Promise.all([author.synced(), observer.synced()]);
    author.text.insert(0, "propuesta guardada");
    // Seen by another client = applied by the server; stop() then stores it.
    await waitFor(() => observer.text.toString() === "propuesta guardada", 2_000, "server has the edit");
    author.destroy();
    observer.destroy();
    await first.stop();

    const realStore = createDatabaseStore(handle.db);
    let loads = 0;
    const slowStore: DocumentStore = {
      ...realStore,
      load: async (documentName) => {
        loads += 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
        return realStore.load(documentName);
      },
    };
    const second = await startServer(handle, { store: slowStore });
    // A client with offline edits and a fresh client connect while the document is loading.
    const offlineDoc = new Y.Doc();
    offlineDoc.getText("body").insert(0, "[sin conexión] ");
    const seenAtSync: string[] = [];
    const fresh = track(await connectClient(second.url, name, { userId: "fresh" }));
    fresh.provider.once("sync", () => seenAtSync.push(fresh.text.toString()));
    const offline = track(await connectClient(second.url, name, { userId: "offline", doc: offlineDoc }));
    await Promise.all([fresh.synced(), offline.synced()]);
    expect(loads).toBe(1);
    expect(seenAtSync[0]).toContain("propuesta guardada");
    await waitFor(() => fresh.text.toString().includes("[sin conexión]"), 2_000, "queued offline edit applied");
    fresh.destroy();
    offline.destroy();
    await second.stop();
    const stored = (await loadStored(handle, name)).getText("body").toString();
    expect(stored).toContain("propuesta guardada");
    expect(stored).toContain("[sin conexión]");
  });

  it("stores every edit before anyone else receives it, and folds the log every compactEvery appends", async () => {
    const server = await startServer(handle, { storeTiming: { compactEvery: 3, alignMs: 10 } });
    const name = newDocumentName();
    const writer = track(await connectClient(server.url, name, { userId: "writer" }));
    const watcher = track(await connectClient(server.url, name, { userId: "watcher" }));
    await Promise.all([writer.synced(), watcher.synced()]);
    const store = createDatabaseStore(handle.db);
    const seenByWatcher: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      writer.text.insert(writer.text.length, `${i}`);
      await waitFor(() => watcher.text.toString().endsWith(`${i}`), 2_000, "relay");
      // The moment the watcher has it, the store has it too.
      seenByWatcher.push((await loadStored(handle, name)).getText("body").toString());
    }
    expect(seenByWatcher).toEqual(["0", "01", "012", "0123"]);
    await waitFor(() => server.collab.stats().documentsWithUnstoredChanges === 0, 2_000);
    // Three appends were folded into the snapshot by a merge; at most the fourth is left in the log.
    await waitFor(async () => ((await store.load(name))?.logIds.length ?? 9) <= 1, 2_000, "compaction");
    [writer, watcher].forEach((c) => c.destroy());
    await server.stop();
    expect((await store.load(name))?.logIds).toEqual([]);
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("0123");
  });

  it("a joining client's first sync holds only edits already stored", async () => {
    const real = createDatabaseStore(handle.db);
    let releaseAppend: () => void = () => undefined;
    let appendsHeld = 0;
    const slow: DocumentStore = {
      ...real,
      append: async (entries) => {
        appendsHeld += 1;
        await new Promise<void>((resolve) => (releaseAppend = resolve));
        return real.append(entries);
      },
    };
    const server = await startServer(handle, { store: slow });
    const name = newDocumentName();
    const typist = track(await connectClient(server.url, name, { userId: "typist" }));
    await typist.synced();
    typist.text.insert(0, "aún no guardado");
    await waitFor(() => appendsHeld === 1, 2_000, "append in flight");
    const joiner = track(await connectClient(server.url, name, { userId: "joiner" }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The server holds the edit in memory, but it is not stored: the joiner must not have it yet.
    expect([joiner.provider.synced, joiner.text.toString()]).toEqual([false, ""]);
    releaseAppend();
    await waitFor(() => joiner.text.toString() === "aún no guardado", 2_000, "joiner synced after the store");
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("aún no guardado");
    [typist, joiner].forEach((c) => c.destroy());
    // Let the unload go through (the slow store waits for each release).
    const releaser = setInterval(() => releaseAppend(), 20);
    await server.stop();
    clearInterval(releaser);
  });

  it("store: appends a batch for several documents in one statement; compaction merges, never overwrites", async () => {
    const store = createDatabaseStore(handle.db);
    const [a, b] = [newDocumentName(), newDocumentName()];
    const edit = (text: string) => {
      const doc = new Y.Doc();
      doc.getText("body").insert(0, text);
      return Y.encodeStateAsUpdate(doc);
    };
    const ids = await store.append([
      { name: a, update: edit("uno") },
      { name: b, update: edit("dos") },
      { name: a, update: edit("tres") },
    ]);
    expect(ids[0]).toBeLessThan(ids[2]);
    expect((await store.load(a))?.logIds).toEqual([ids[0], ids[2]]);
    // Two processes compact the same document from different memories: both survive.
    const first = await store.compact(a, edit("proceso A"));
    const second = await store.compact(a, edit("proceso B"));
    expect([first.version, second.version, first.foldedLogRows, second.foldedLogRows]).toEqual([1, 2, 2, 0]);
    const stored = await store.load(a);
    expect(stored?.logIds).toEqual([]);
    const text = (await loadStored(handle, a)).getText("body").toString();
    for (const part of ["uno", "tres", "proceso A", "proceso B"]) expect(text).toContain(part);
    expect((await loadStored(handle, b)).getText("body").toString()).toBe("dos");
  });
});
