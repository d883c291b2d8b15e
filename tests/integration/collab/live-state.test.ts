import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLiveDocumentSettler, settleLiveDocument } from "~/collab/live-documents.server";
import type { DatabaseHandle } from "~/db/client.server";
import { createDatabaseStore, type DocumentStore } from "../../../collab-server/persistence";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, startServer, waitFor, type RunningServer, type TestClient } from "./helpers";

/*
 * Exports read the live document: the store once every edit the collab server
 * accepted is written. With a store whose writes are held (a slow database),
 * an edit the server has accepted is not yet in the store; `whenDurable` (what
 * the portal's exports await through settleLiveDocument) and the browser's
 * `flush` (what the export links await) both resolve only once it is.
 */

describe("the live state of a document, for exports", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => (clients.push(client), client);

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    setLiveDocumentSettler(undefined);
    await handle.close();
  });

  /** The real database store, with every append held until released. */
  function heldStore() {
    const real = createDatabaseStore(handle.db);
    const held: (() => void)[] = [];
    const store: DocumentStore = {
      ...real,
      append: async (entries) => {
        await new Promise<void>((resolve) => held.push(resolve));
        return real.append(entries);
      },
    };
    return { store, held, releaseAll: () => held.splice(0).forEach((release) => release()) };
  }

  async function stop(server: RunningServer, releaseAll: () => void) {
    clients.splice(0).forEach((c) => c.destroy());
    const releaser = setInterval(releaseAll, 20);
    await server.stop();
    clearInterval(releaser);
  }

  it("settleLiveDocument waits until the edit the server accepted is in the store", async () => {
    const { store, held, releaseAll } = heldStore();
    const server = await startServer(handle, { store });
    setLiveDocumentSettler((name) => server.collab.whenDurable(name));
    const name = newDocumentName();
    const typist = track(await connectClient(server.url, name, { userId: "typist" }));
    await typist.synced();
    typist.text.insert(0, "La última frase.");
    await waitFor(() => held.length === 1, 2_000, "append in flight");
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("");

    let settled = false;
    const settling = settleLiveDocument(name).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    releaseAll();
    await settling;
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("La última frase.");
    // A document not in memory here: nothing to wait for.
    await settleLiveDocument(newDocumentName());
    setLiveDocumentSettler(undefined);
    await stop(server, releaseAll);
  });

  it("settleLiveDocument gives up after its timeout when the database does not answer", async () => {
    const { store, held, releaseAll } = heldStore();
    const server = await startServer(handle, { store });
    setLiveDocumentSettler((name) => server.collab.whenDurable(name));
    const name = newDocumentName();
    const typist = track(await connectClient(server.url, name, { userId: "typist" }));
    await typist.synced();
    typist.text.insert(0, "Retenido.");
    await waitFor(() => held.length === 1, 2_000, "append in flight");
    const startedAt = Date.now();
    await settleLiveDocument(name, 300);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    setLiveDocumentSettler(undefined);
    await stop(server, releaseAll);
  });

  it("the browser's flush resolves only once the server wrote its last edits", async () => {
    const { store, held, releaseAll } = heldStore();
    const server = await startServer(handle, { store });
    const name = newDocumentName();
    const typist = track(await connectClient(server.url, name, { userId: "typist" }));
    await typist.synced();
    typist.text.insert(0, "Escrita justo antes de exportar.");
    let flushed = false;
    const flushing = typist.flush().then(() => (flushed = true));
    await waitFor(() => held.length === 1, 2_000, "append in flight");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(flushed).toBe(false);
    releaseAll();
    await flushing;
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("Escrita justo antes de exportar.");

    // Edits made while disconnected are confirmed after the reconnect's sync.
    typist.provider.disconnect();
    typist.text.insert(0, "Sin conexión. ");
    await expect(typist.flush()).resolves.toBeUndefined();
    typist.provider.connect();
    await waitFor(() => typist.provider.wsconnected, 2_000, "reconnected");
    const afterReconnect = typist.flush();
    await waitFor(() => held.length >= 1, 2_000, "reconnect append in flight");
    releaseAll();
    await afterReconnect;
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("Sin conexión. Escrita justo antes de exportar.");
    await stop(server, releaseAll);
  });
});
