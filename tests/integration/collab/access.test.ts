import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollabCloseCode } from "~/collab/close-codes";
import { createCollabToken } from "~/collab/token";
import type { DatabaseHandle } from "~/db/client.server";
import { CollabRefusal } from "../../../collab-server/auth";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, SECRET, startServer, tokenFor, waitFor, type RunningServer, type TestClient } from "./helpers";

describe("collab server: who may connect, and revocation", () => {
  let handle: DatabaseHandle;
  let server: RunningServer;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => (clients.push(client), client);
  const frozen = new Set<string>();

  beforeAll(async () => {
    handle = await createTestDatabase();
    server = await startServer(handle, {
      isFrozen: (name) => frozen.has(name),
      limits: { maxConnectionsPerIp: 12, heartbeatMs: 60_000 },
    });
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await server.stop();
    await handle.close();
  });

  async function refusalOf(client: TestClient) {
    await waitFor(() => client.closes.length > 0, 3_000, "close");
    client.destroy();
    return client.closes[0];
  }

  it("closes with a named code the browser can read, and does not retry refusals", async () => {
    const name = newDocumentName();
    const expired = createCollabToken({ secret: SECRET, userId: "u", userName: "U", documentName: name, access: "edit", ttlSeconds: -1 });
    const forged = createCollabToken({ secret: "another-secret-another-secret-0123456789", userId: "u", userName: "U", documentName: name, access: "edit" });
    const otherDocument = tokenFor(newDocumentName(), "u");

    const cases = [
      { client: await connectClient(server.url, name, { token: expired }), code: CollabCloseCode.UNAUTHORIZED, reason: "Token vencido" },
      { client: await connectClient(server.url, name, { token: forged }), code: CollabCloseCode.UNAUTHORIZED, reason: "Token inválido" },
      { client: await connectClient(server.url, name, { token: otherDocument }), code: CollabCloseCode.UNAUTHORIZED, reason: "El token es de otro documento" },
      { client: await connectClient(server.url, name, { origin: "https://evil.example" }), code: CollabCloseCode.FORBIDDEN, reason: "Origen no permitido" },
      { client: await connectClient(server.url, name, { origin: null }), code: CollabCloseCode.FORBIDDEN, reason: "Origen no permitido" },
      { client: await connectClient(server.url, "proposal:not-a-uuid", { token: "x" }), code: CollabCloseCode.NOT_FOUND, reason: "Nombre de documento inválido" },
    ];
    for (const { client, code, reason } of cases) {
      const close = await refusalOf(client);
      expect({ code: close.code, reason: close.reason, willReconnect: close.willReconnect }).toEqual({ code, reason, willReconnect: false });
      expect(client.text.length).toBe(0);
    }
  });

  it("refuses with the code authenticate throws, and closes on unexpected errors", async () => {
    const refusing = await startServer(handle, {
      authenticate: async (_req, documentName) => {
        if (documentName.startsWith("meeting:")) throw new CollabRefusal(CollabCloseCode.FORBIDDEN, "No integras esta red");
        throw new Error("database down");
      },
    });
    const forbidden = await refusalOf(await connectClient(refusing.url, newDocumentName("meeting")));
    expect([forbidden.code, forbidden.reason, forbidden.message]).toEqual([4403, "No integras esta red", "No tienes acceso a este documento."]);
    const failing = await connectClient(refusing.url, newDocumentName("proposal"));
    await waitFor(() => failing.closes.length > 0, 3_000);
    failing.destroy();
    expect([failing.closes[0].code, failing.closes[0].willReconnect]).toEqual([CollabCloseCode.SERVER_ERROR, true]);
    expect(refusing.logger.entries.some((e) => e.level === "error" && e.event === "authenticate failed")).toBe(true);
    await refusing.stop();
  });

  it("fetches a new token and reconnects after UNAUTHORIZED when the app can issue one", async () => {
    const name = newDocumentName();
    let issued = 0;
    const client = track(
      await connectClient(server.url, name, {
        getToken: async () => (issued += 1) === 1
          ? createCollabToken({ secret: SECRET, userId: "u", userName: "U", documentName: name, access: "edit", ttlSeconds: -1 })
          : tokenFor(name, "u"),
      }),
    );
    await client.synced();
    expect(issued).toBe(2);
    expect(client.closes.map((c) => [c.code, c.willReconnect])).toEqual([[4401, true]]);
  });

  it("works locally while no token can be had, asks again with backoff, and connects at once on reconnect", async () => {
    const name = newDocumentName();
    let reachable = false;
    let asked = 0;
    const getToken = async () => {
      asked += 1;
      if (!reachable) throw new Error("token: Failed to fetch");
      return tokenFor(name, "u");
    };
    const offline = track(await connectClient(server.url, name, { getToken }));
    // The document is there at once, without network; edits stay in it.
    offline.text.insert(0, "escrito sin red");
    await waitFor(() => asked >= 2, 3_000, "a second token attempt after the first backoff");
    expect(offline.provider.wsconnected).toBe(false);
    offline.pause();
    const askedWhilePaused = asked;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(asked).toBe(askedWhilePaused);

    reachable = true;
    offline.reconnect();
    await offline.synced();
    const other = track(await connectClient(server.url, name, { userId: "otra" }));
    await other.synced();
    await waitFor(() => other.text.toString() === "escrito sin red", 3_000, "the offline text on another client");
  });

  it("limits connections per address", async () => {
    const name = newDocumentName();
    const open = clients.filter((c) => c.provider.wsconnected).length;
    const extra = await Promise.all(Array.from({ length: 12 - open + 1 }, () => connectClient(server.url, name)));
    await waitFor(() => extra.some((c) => c.closes.some((x) => x.code === CollabCloseCode.TOO_MANY_CONNECTIONS)), 3_000);
    extra.forEach((c) => c.destroy());
    await waitFor(() => server.collab.stats().connections <= open, 3_000, "connections released");
  });

  it("revokes a live socket within a second; its later edits reach no one", async () => {
    const name = newDocumentName();
    const keeper = track(await connectClient(server.url, name, { userId: "keeper" }));
    const removedToken = tokenFor(name, "removed");
    const removed = track(await connectClient(server.url, name, { userId: "removed", token: removedToken }));
    await Promise.all([keeper.synced(), removed.synced()]);
    removed.text.insert(0, "antes ");
    await waitFor(() => keeper.text.toString() === "antes ", 2_000);

    const started = performance.now();
    expect(server.collab.closeConnectionsFor("removed")).toBe(1);
    removed.text.insert(removed.text.length, "después");
    await waitFor(() => removed.closes.length > 0, 1_000, "revocation close");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect([removed.closes[0].code, removed.closes[0].willReconnect]).toEqual([CollabCloseCode.ACCESS_REVOKED, false]);
    keeper.text.insert(0, "¡");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(keeper.text.toString()).toBe("¡antes ");

    // The token the removed user still holds is refused; one issued after the revocation works.
    const stale = await connectClient(server.url, name, { userId: "removed", token: removedToken });
    await waitFor(() => stale.closes.length > 0, 2_000, "stale token refused");
    stale.destroy();
    expect(stale.closes[0].code).toBe(CollabCloseCode.ACCESS_REVOKED);
    const later = createCollabToken({ secret: SECRET, userId: "removed", userName: "R", documentName: name, access: "edit", now: Date.now() + 1_000 });
    const readmitted = track(await connectClient(server.url, name, { userId: "removed", token: later }));
    await readmitted.synced();
    expect(readmitted.text.toString()).toBe("¡antes ");
  });

  it("downgrades live sockets to read-only (removed editor, submitted proposal)", async () => {
    const name = newDocumentName();
    const a = track(await connectClient(server.url, name, { userId: "a" }));
    const b = track(await connectClient(server.url, name, { userId: "b" }));
    await Promise.all([a.synced(), b.synced()]);

    const result = await server.collab.reauthorize({ documentName: name }, ({ userId }) => (userId === "b" ? "read" : "edit"));
    expect(result).toEqual({ kept: 1, downgraded: 1, upgraded: 0, closed: 0 });
    await waitFor(() => b.readOnlyNotices.length === 1, 1_000, "read-only notice");
    expect(b.readOnlyNotices).toEqual([CollabCloseCode.FORBIDDEN]);
    b.text.insert(0, "no debe llegar");
    a.text.insert(0, "sí");
    await waitFor(() => b.text.toString().includes("sí"), 2_000);
    expect(a.text.toString()).toBe("sí");
    // Reconnecting with the token issued before the downgrade stays read-only.
    const issuedBefore = createCollabToken({ secret: SECRET, userId: "b", userName: "B", documentName: name, access: "edit", now: Date.now() - 5_000 });
    const bAgain = track(await connectClient(server.url, name, { userId: "b", token: issuedBefore }));
    await bAgain.synced();
    expect(bAgain.readOnlyNotices).toEqual([CollabCloseCode.FORBIDDEN]);
    bAgain.destroy();

    frozen.add(name);
    await server.collab.reauthorize({ documentName: name }, () => "edit");
    await waitFor(() => a.readOnlyNotices.length === 1, 1_000);
    expect(a.readOnlyNotices).toEqual([CollabCloseCode.DOCUMENT_FROZEN]);
    a.text.insert(0, "tarde ");
    const later = track(await connectClient(server.url, name, { userId: "c" }));
    await later.synced();
    expect(later.readOnlyNotices).toEqual([CollabCloseCode.DOCUMENT_FROZEN]);
    expect(later.text.toString()).toBe("sí");
    [a, b, later].forEach((c) => c.destroy());
    await server.collab.flushAll();
    expect((await loadStored(handle, name)).getText("body").toString()).toBe("sí");
  });
});
