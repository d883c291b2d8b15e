import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DatabaseHandle } from "~/db/client.server";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, startServer, waitFor, type RunningServer, type TestClient } from "./helpers";

/*
 * A change too large for one message already on the device (kept in
 * IndexedDB from before the size checks) is found at the first sync and held
 * — the socket is not cut — and "Enviar por partes" sends it in pieces that
 * each fit: the others get it, it is stored, and co-editing goes on.
 */

describe("an oversized change kept on the device", () => {
  let handle: DatabaseHandle;
  let server: RunningServer;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => (clients.push(client), client);

  beforeAll(async () => {
    handle = await createTestDatabase();
    server = await startServer(handle);
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await server.stop();
    await handle.close();
  });

  it("is held at the first sync, then sent in pieces; the socket stays open and editing goes on", async () => {
    const name = newDocumentName();
    const other = track(await connectClient(server.url, name, { userId: "ana" }));
    await other.synced();
    other.text.insert(0, "Ya en el servidor. ");

    // What IndexedDB would load before the provider connects: a 2.2 MB text dropped long ago.
    const device = new Y.Doc();
    const dropped = "Texto arrastrado desde un documento enorme. ".repeat(50_000);
    device.getText("body").insert(0, dropped);
    const owner = track(await connectClient(server.url, name, { userId: "beto", doc: device }));
    await waitFor(() => owner.holding(), 5_000, "the stored change held");
    expect(owner.closes).toEqual([]);
    expect(other.text.toString()).toBe("Ya en el servidor. ");

    await owner.sendHeldInPieces();
    expect(owner.holding()).toBe(false);
    await waitFor(() => other.text.toString().includes(dropped), 10_000, "the pieces reach the other person");
    await waitFor(() => owner.text.toString().includes("Ya en el servidor."), 5_000, "the owner synced again");
    owner.text.insert(owner.text.length, " Y sigo escribiendo.");
    await waitFor(() => other.text.toString().endsWith(" Y sigo escribiendo."), 5_000, "a normal edit afterwards");
    expect(owner.closes.filter((c) => c.code >= 4000)).toEqual([]);
    expect(server.logger.entries.filter((e) => e.event === "message too large")).toEqual([]);
    await owner.flush();
    expect((await loadStored(handle, name)).getText("body").toString()).toBe(other.text.toString());
  });
});
