import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import * as Y from "yjs";
import { openDatabase } from "~/db/client.server";
import { createDatabaseStore } from "../../../collab-server/persistence";
import { ensureBuilt } from "../../setup/build";
import { ORIGIN, SECRET, waitFor } from "./helpers";
import { freePort } from "../../setup/free-port";

export { freePort };

/*
 * The standalone collab server (`npm run collab`: node server/start-collab.js on the Remix build) as a real
 * child process, on a PGlite data dir or, with TEST_DATABASE_URL, a fresh
 * PostgreSQL database. PGlite allows one process per data dir: the test may
 * only open it while no server runs.
 */

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface StandaloneProcess {
  child: ChildProcess;
  /** State vectors of the "document stored" log events, in order. */
  storedVectors: Map<number, number>[];
  /** Every JSON log event, in order. */
  events: { event: string; [field: string]: unknown }[];
  exited: Promise<number | null>;
}


/** Where the child stores: a PGlite data dir, or a new PostgreSQL database (migrated by whoever opens it first). */
export interface StandaloneDatabase {
  env: Record<string, string>;
  options: { dataDir?: string; databaseUrl?: string };
  cleanup(): Promise<void>;
}

export async function createStandaloneDatabase(prefix = "collab_standalone"): Promise<StandaloneDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, "-")}-`));
    return { env: { DATA_DIR: dataDir }, options: { dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `${prefix}_${process.pid}_${Date.now()}`;
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

export async function startStandalone(database: StandaloneDatabase, port: number, env: Record<string, string> = {}): Promise<StandaloneProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, [path.join(ROOT, "server/start-collab.js")], {
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
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server: StandaloneProcess = {
    child,
    storedVectors: [],
    events: [],
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
      server.events.push(entry);
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

/** The document's text as the database holds it (no server may hold a PGlite data dir meanwhile). */
export async function readStoredText(database: StandaloneDatabase, name: string): Promise<string> {
  const opened = await openDatabase(database.options);
  try {
    const stored = await createDatabaseStore(opened.db).load(name);
    const doc = new Y.Doc();
    stored?.updates.forEach((update) => Y.applyUpdate(doc, update));
    return doc.getText("body").toString();
  } finally {
    await opened.close();
  }
}
