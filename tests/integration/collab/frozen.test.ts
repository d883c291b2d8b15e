import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollabCloseCode } from "~/collab/close-codes";
import { unsentChanges } from "~/collab/unsent-changes";
import type { DatabaseHandle } from "~/db/client.server";
import { createDatabaseStore, type DocumentStore } from "../../../collab-server/persistence";
import type { AccessCheck } from "../../../collab-server/server";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, startServer, waitFor, type TestClient } from "./helpers";

/*
 * A document frozen (submitted) while someone types: the server makes the
 * sockets read-only, writes what they sent before, then calls `onFrozen` (the
 * portal folds the store into the frozen copy). The typist gets the server's
 * state vector with the notice, so the words the server refused are exactly
 * the ones beyond it — and the ones it accepted are not among them.
 */

describe("freezing a document while someone types", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => (clients.push(client), client);
  const frozen = new Set<string>();
  const accessCheck: AccessCheck = (connection) => (frozen.has(connection.documentName) ? "read" : connection.access);

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await handle.close();
  });

  it("accepted words reach the store before onFrozen; refused words are the typist's unsent words", async () => {
    const real = createDatabaseStore(handle.db);
    const held: (() => void)[] = [];
    let holdAppends = false;
    const store: DocumentStore = {
      ...real,
      append: async (entries) => {
        if (holdAppends) await new Promise<void>((resolve) => held.push(resolve));
        return real.append(entries);
      },
    };
    const frozenCalls: { name: string; stored: string }[] = [];
    const server = await startServer(handle, {
      store,
      accessCheck,
      isFrozen: (name) => frozen.has(name),
      onFrozen: async (name) => {
        frozenCalls.push({ name, stored: (await loadStored(handle, name)).getText("body").toString() });
      },
    });
    const name = newDocumentName();
    const submitter = track(await connectClient(server.url, name, { userId: "ana" }));
    const typist = track(await connectClient(server.url, name, { userId: "beto" }));
    await Promise.all([submitter.synced(), typist.synced()]);
    typist.text.insert(0, "Guardado antes. ");
    await typist.flush();

    // Accepted by the server but not yet written when the document freezes.
    holdAppends = true;
    typist.text.insert(typist.text.length, "En la ventana. ");
    await waitFor(() => held.length === 1, 2_000, "append in flight");
    frozen.add(name);
    const changing = server.collab.accessChanged({ documentName: name });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(frozenCalls).toEqual([]);
    holdAppends = false;
    held.splice(0).forEach((release) => release());
    await changing;
    expect(frozenCalls).toEqual([{ name, stored: "Guardado antes. En la ventana. " }]);

    // Typed after the freeze: refused, and shown to its author.
    await waitFor(() => typist.readOnlyNotices.includes(CollabCloseCode.DOCUMENT_FROZEN), 2_000, "frozen notice");
    typist.text.insert(typist.text.length, "Demasiado tarde.");
    await typist.flush();
    const serverState = typist.serverStateVector();
    expect(serverState).not.toBeNull();
    expect(unsentChanges(typist.doc, serverState!)).toEqual([{ root: "body", text: "Demasiado tarde." }]);
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("Guardado antes. En la ventana. ");
    expect(submitter.text.toString()).toBe("Guardado antes. En la ventana. ");

    // Reconnecting later (e.g. the next day): the server says so again, with its state vector.
    typist.provider.disconnect();
    const notices = typist.readOnlyNotices.length;
    typist.provider.connect();
    await waitFor(() => typist.readOnlyNotices.length > notices, 2_000, "frozen notice on reconnect");
    expect(unsentChanges(typist.doc, typist.serverStateVector()!)).toEqual([{ root: "body", text: "Demasiado tarde." }]);
    await server.stop();
  });
});
