import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CollabCloseCode } from "~/collab/close-codes";
import { createRevocationToken } from "~/collab/token";
import { openDatabase } from "~/db/client.server";
import pg from "pg";
import { createDatabaseStore } from "../../../collab-server/persistence";
import { connectClient, newDocumentName, ORIGIN, SECRET, waitFor, type TestClient } from "./helpers";

/*
 * The standalone server (tsx collab-server/standalone.ts) on a PGlite data
 * dir (or a fresh PostgreSQL database when TEST_DATABASE_URL is set), killed
 * with SIGKILL after the clients' edits were acknowledged as stored, then
 * restarted on the same database.
 */

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface ServerProcess {
  child: ChildProcess;
  storedVectors: Map<number, number>[];
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Where the child stores: a PGlite data dir, or a new PostgreSQL database (migrated by the child). */
interface CrashDatabase {
  env: Record<string, string>;
  options: { dataDir?: string; databaseUrl?: string };
  cleanup(): Promise<void>;
}

async function createCrashDatabase(): Promise<CrashDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "collab-crash-"));
    return { env: { DATA_DIR: dataDir }, options: { dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `collab_crash_${process.pid}_${Date.now()}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    options: { databaseUrl: url.toString() },
    cleanup: () => admin(`drop database if exists ${name} with (force)`),
  };
}

async function startStandalone(database: CrashDatabase, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "collab-server/standalone.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: "",
      ...database.env,
      COLLAB_PORT: String(port),
      COLLAB_HOST: "127.0.0.1",
      COLLAB_SECRET: SECRET,
      COLLAB_ALLOWED_ORIGINS: ORIGIN,
      COLLAB_STORE_DEBOUNCE_MS: "100",
      COLLAB_STORE_MAX_WAIT_MS: "400",
      LOG_LEVEL: "debug",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server: ServerProcess = {
    child,
    storedVectors: [],
    exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))),
  };
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let listening = false;
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const entry = JSON.parse(line) as { event: string; stateVector?: string };
      if (entry.event === "listening") listening = true;
      if (entry.event === "document stored" && entry.stateVector) {
        server.storedVectors.push(Y.decodeStateVector(Buffer.from(entry.stateVector, "base64")));
      }
    }
  });
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  // A fresh PGlite data dir takes ~3 s to create; allow for a loaded CI machine.
  await waitFor(() => listening || exitCode !== undefined, 60_000, "standalone server listening");
  if (!listening) throw new Error(`standalone server exited (${exitCode}): ${stderr}`);
  return server;
}

/** True when `stored` includes everything `wanted` has seen. */
function covers(stored: Map<number, number>, wanted: Map<number, number>): boolean {
  return [...wanted].every(([client, clock]) => (stored.get(client) ?? 0) >= clock);
}

async function readStoredText(crashDatabase: CrashDatabase, name: string): Promise<string> {
  const database = await openDatabase(crashDatabase.options);
  try {
    const stored = await createDatabaseStore(database.db).load(name);
    const doc = new Y.Doc();
    stored?.updates.forEach((update) => Y.applyUpdate(doc, update));
    return doc.getText("body").toString();
  } finally {
    await database.close();
  }
}

describe("collab server: crash durability", () => {
  let database: CrashDatabase;
  const clients: TestClient[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createCrashDatabase();
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

    // The standalone's HTTP routes: health, and revocation signed by the app.
    const http = `http://127.0.0.1:${port}`;
    const health = await fetch(`${http}/healthz`);
    expect([health.status, (await health.json()).documents]).toEqual([200, 1]);
    const revoke = (token: string) => fetch(`${http}/revoke`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect((await revoke("forged")).status).toBe(401);
    const revoked = await revoke(createRevocationToken({ secret: SECRET, userId: "c", documentName: name, access: null }));
    expect(await revoked.json()).toEqual({ ok: true, closed: 1, downgraded: 0 });
    await waitFor(() => typists[2].closes.some((c) => c.code === CollabCloseCode.ACCESS_REVOKED), 1_000, "revoked over HTTP");

    clients.forEach((c) => c.destroy());
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(await readStoredText(database, name)).toBe(final);
  }, 150_000);
});
