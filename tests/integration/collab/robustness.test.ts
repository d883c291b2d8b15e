import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { CollabCloseCode } from "~/collab/close-codes";
import type { DatabaseHandle } from "~/db/client.server";
import { createDatabaseStore, type DocumentStore } from "../../../collab-server/persistence";
import { encodeUpdate } from "../../../collab-server/protocol";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, openRawSocket, startServer, tokenFor, waitFor, type RunningServer } from "./helpers";

const MAX_MESSAGE = 64 * 1024;

/** An awareness message setting `clientId`'s presence (null = gone) with a high clock. */
function awarenessMessage(clientId: number, state: unknown, padding = 0): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, 1_000);
  encoding.writeVarString(inner, JSON.stringify(state === null ? null : { ...(state as object), pad: "x".repeat(padding) }));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

describe("collab server: hostile clients and failing storage", () => {
  let handle: DatabaseHandle;
  let server: RunningServer;

  beforeAll(async () => {
    handle = await createTestDatabase();
    server = await startServer(handle, { limits: { maxMessageBytes: MAX_MESSAGE, maxAwarenessBytes: 16 * 1024, heartbeatMs: 60_000 } });
  });
  afterAll(async () => {
    await server.stop();
    await handle.close();
  });

  async function sendAndClose(documentName: string, payload: Uint8Array | string) {
    const { socket, closed } = await openRawSocket(server.url, documentName, `?token=${tokenFor(documentName, "fuzzer")}`);
    socket.send(payload);
    const result = await Promise.race([
      closed,
      new Promise<{ code: number }>((resolve) => setTimeout(() => resolve({ code: -1 }), 500)),
    ]);
    socket.terminate();
    return result.code;
  }

  it("closes only the offending socket; the document and other documents keep syncing", async () => {
    const victim = newDocumentName();
    const bystander = newDocumentName();
    const honest = await connectClient(server.url, victim, { userId: "honest" });
    await honest.synced();
    honest.text.insert(0, "contenido íntegro");

    const valid = new Y.Doc();
    valid.getText("body").insert(0, "x".repeat(200));
    const validUpdate = encodeUpdate(Y.encodeStateAsUpdate(valid));
    const mustClose: Array<[string, Uint8Array | string, number]> = [
      ["empty", new Uint8Array(0), CollabCloseCode.BAD_MESSAGE],
      ["unknown type", Uint8Array.of(7, 1, 2), CollabCloseCode.BAD_MESSAGE],
      ["unknown sync type", Uint8Array.of(0, 9, 0), CollabCloseCode.BAD_MESSAGE],
      ["truncated header", Uint8Array.of(0, 2), CollabCloseCode.BAD_MESSAGE],
      ["overlong varint", Uint8Array.of(0, 2, ...Array(11).fill(0xff), 1), CollabCloseCode.BAD_MESSAGE],
      ["truncated update", validUpdate.subarray(0, validUpdate.length >> 1), CollabCloseCode.BAD_MESSAGE],
      ["truncated awareness", Uint8Array.of(1, 20, 1, 5), CollabCloseCode.BAD_MESSAGE],
      ["text frame", "hola", CollabCloseCode.BAD_MESSAGE],
      ["oversized presence", awarenessMessage(42, { user: "x" }, 20 * 1024), CollabCloseCode.MESSAGE_TOO_LARGE],
      ["oversized update", encodeUpdate(randomBytes(MAX_MESSAGE + 10)), CollabCloseCode.MESSAGE_TOO_LARGE],
      ["far oversized frame", randomBytes(MAX_MESSAGE * 3), 1009],
    ];
    for (const [what, payload, code] of mustClose) {
      expect([what, await sendAndClose(victim, payload)]).toEqual([what, code]);
    }
    // Random garbage, with and without a plausible sync header: must never take the server down.
    for (let i = 0; i < 30; i += 1) {
      const body = randomBytes(1 + Math.floor(Math.random() * 300));
      await sendAndClose(victim, i % 2 === 0 ? body : Uint8Array.of(0, 2, body.length, ...body));
    }

    const a = await connectClient(server.url, bystander, { userId: "a" });
    const b = await connectClient(server.url, bystander, { userId: "b" });
    await Promise.all([a.synced(), b.synced()]);
    a.text.insert(0, "sigue funcionando");
    await waitFor(() => b.text.toString() === "sigue funcionando", 2_000, "other document syncs");
    const late = await connectClient(server.url, victim, { userId: "late" });
    await late.synced();
    honest.text.insert(0, "¡");
    await waitFor(() => late.text.toString().startsWith("¡contenido íntegro"), 2_000, "victim document still syncs");
    expect(server.logger.entries.filter((e) => e.level === "error")).toEqual([]);
    [honest, a, b, late].forEach((c) => c.destroy());
  });

  it("refuses presence updates for another user's awareness id", async () => {
    const name = newDocumentName();
    const honest = await connectClient(server.url, name, { userId: "honest" });
    const observer = await connectClient(server.url, name, { userId: "observer" });
    await Promise.all([honest.synced(), observer.synced()]);
    honest.provider.awareness.setLocalStateField("user", { name: "Ana" });
    const id = honest.doc.clientID;
    await waitFor(() => observer.provider.awareness.getStates().get(id)?.user !== undefined, 2_000, "presence");
    const { socket } = await openRawSocket(server.url, name, `?token=${tokenFor(name, "mallory")}`);
    socket.send(awarenessMessage(id, null));
    socket.send(awarenessMessage(id, { user: { name: "Mallory" } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(observer.provider.awareness.getStates().get(id)?.user).toEqual({ name: "Ana" });
    socket.terminate();
    [honest, observer].forEach((c) => c.destroy());
  });

  it("keeps a document in memory while storing fails, retries, then stores it", async () => {
    const real = createDatabaseStore(handle.db);
    let appendFailures = 2;
    let compactFailures = 1;
    const flaky: DocumentStore = {
      ...real,
      append: async (entries) => {
        if (appendFailures-- > 0) throw new Error("connection reset");
        return real.append(entries);
      },
      compact: async (name, state) => {
        if (compactFailures-- > 0) throw new Error("connection reset");
        return real.compact(name, state);
      },
    };
    const flakyServer = await startServer(handle, { store: flaky, storeTiming: { debounceMs: 20, maxWaitMs: 100, retryBaseMs: 40, alignMs: 10 } });
    const name = newDocumentName();
    const client = await connectClient(flakyServer.url, name);
    await client.synced();
    client.text.insert(0, "sobrevive a fallas");
    await waitFor(() => flakyServer.logger.entries.filter((e) => e.event === "document store failed").length >= 2, 3_000);
    client.destroy();
    await waitFor(() => flakyServer.collab.stats().documents === 0, 5_000, "stored then unloaded");
    expect(flakyServer.logger.entries.filter((e) => e.event === "document store failed").length).toBe(3);
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("sobrevive a fallas");
    await flakyServer.stop();
  });

  it("closes with a retryable code when loading fails, and the client's retry gets the document", async () => {
    const real = createDatabaseStore(handle.db);
    const name = newDocumentName();
    await real.compact(name, (() => { const d = new Y.Doc(); d.getText("body").insert(0, "guardado"); return Y.encodeStateAsUpdate(d); })());
    let loadFailures = 1;
    const failingOnce = await startServer(handle, {
      store: { ...real, load: async (n) => (loadFailures-- > 0 ? Promise.reject(new Error("timeout")) : real.load(n)) },
      limits: { maxDocuments: 1, heartbeatMs: 60_000 },
    });
    const client = await connectClient(failingOnce.url, name);
    await client.synced();
    expect(client.closes.map((c) => [c.code, c.willReconnect])).toEqual([[CollabCloseCode.SERVER_ERROR, true]]);
    expect(client.text.toString()).toBe("guardado");
    // maxDocuments = 1: a second document is refused as busy (retryable).
    const other = await connectClient(failingOnce.url, newDocumentName());
    await waitFor(() => other.closes.length > 0, 2_000);
    expect(other.closes[0].code).toBe(CollabCloseCode.SERVER_BUSY);
    other.destroy();
    client.destroy();
    await failingOnce.stop();
  });
});
