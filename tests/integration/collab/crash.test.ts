import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CollabCloseCode } from "~/collab/close-codes";
import { createRevalidationToken } from "~/collab/token";
import { connectClient, newDocumentName, SECRET, waitFor, type TestClient } from "./helpers";
import { createStandaloneDatabase, freePort, readStoredText, startStandalone, type StandaloneDatabase } from "./standalone-process";

/*
 * The standalone server (node server/start-collab.js) on a PGlite data
 * dir (or a fresh PostgreSQL database when TEST_DATABASE_URL is set), killed
 * with SIGKILL after the clients' edits were acknowledged as stored, then
 * restarted on the same database.
 */

/** True when `stored` includes everything `wanted` has seen. */
function covers(stored: Map<number, number>, wanted: Map<number, number>): boolean {
  return [...wanted].every(([client, clock]) => (stored.get(client) ?? 0) >= clock);
}

describe("collab server: crash durability", () => {
  let database: StandaloneDatabase;
  const clients: TestClient[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createStandaloneDatabase("collab_crash");
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    children.forEach((c) => c.exitCode === null && c.kill("SIGKILL"));
    await database.cleanup();
  });

  it("keeps every acknowledged edit across SIGKILL, and merges the clients' offline edits after restart", async () => {
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}/collab`;
    const name = newDocumentName();
    const first = await startStandalone(database, port);
    children.push(first.child);

    const typists = await Promise.all(["a", "b", "c"].map((id) => connectClient(url, name, { userId: id })));
    clients.push(...typists);
    await Promise.all(typists.map((c) => c.synced()));
    const tokens = (phase: string) => typists.flatMap((_, i) => Array.from({ length: 15 }, (_, n) => `[${phase}${"abc"[i]}${n}]`));
    for (let n = 0; n < 15; n += 1) {
      typists.forEach((c, i) => c.text.insert(c.text.length, `[1${"abc"[i]}${n}]`));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => typists.every((c) => tokens("1").every((t) => c.text.toString().includes(t))), 5_000, "convergence");
    const acknowledged = Y.decodeStateVector(Y.encodeStateVector(typists[0].doc));
    await waitFor(() => first.storedVectors.some((v) => covers(v, acknowledged)), 5_000, "store acknowledgement");

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe(null);
    // Offline edits, held only by the clients' y-docs.
    for (let n = 0; n < 15; n += 1) typists.forEach((c, i) => c.text.insert(c.text.length, `[2${"abc"[i]}${n}]`));

    const afterCrash = await readStoredText(database, name);
    expect(tokens("1").filter((t) => !afterCrash.includes(t))).toEqual([]);

    const second = await startStandalone(database, port);
    children.push(second.child);
    const observer = await connectClient(url, name, { userId: "observer" });
    clients.push(observer);
    const everything = [...tokens("1"), ...tokens("2")];
    await waitFor(() => [...typists, observer].every((c) => everything.every((t) => c.text.toString().includes(t))), 10_000, "reconnect and merge");
    const final = observer.text.toString();
    expect(typists.map((c) => c.text.toString())).toEqual([final, final, final]);

    // The standalone's HTTP routes: health, and revalidation signed by the app (these
    // users do not exist in the database, so re-checking closes the one asked about).
    const http = `http://127.0.0.1:${port}`;
    const health = await fetch(`${http}/healthz`);
    expect([health.status, (await health.json()).documents]).toEqual([200, 1]);
    const revalidate = (token: string) => fetch(`${http}/revalidate`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect((await revalidate("forged")).status).toBe(401);
    const revalidated = await revalidate(createRevalidationToken({ secret: SECRET, userId: "c", documentName: name }));
    expect(await revalidated.json()).toEqual({ ok: true, kept: 0, closed: 1, downgraded: 0, upgraded: 0 });
    await waitFor(() => typists[2].closes.some((c) => c.code === CollabCloseCode.ACCESS_REVOKED), 1_000, "revoked over HTTP");

    clients.forEach((c) => c.destroy());
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(await readStoredText(database, name)).toBe(final);
  }, 150_000);
});
