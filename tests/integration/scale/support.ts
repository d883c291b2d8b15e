import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { freePort } from "../../setup/free-port";

export { freePort };

/*
 * Real processes on one PostgreSQL database: portals (`node
 * server/start.js`, on the Remix build) and the standalone collab server, an SMTP sink
 * (smtp-server) and a Redis key prefix of their own.
 */

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const SECRET = "scale-test-secret-that-is-long-enough-0123456789";


export { ensureBuilt } from "../../setup/build";

/** A new, EMPTY PostgreSQL database (nothing migrated) next to TEST_DATABASE_URL's. */
export async function createEmptyDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface SinkMessage {
  subject: string;
  to: string;
}

/** An SMTP relay that accepts anything and answers each message after `delayMs` (a slow relay). */
export async function startSmtpSink(delayMs: number): Promise<{ port: number; messages: SinkMessage[]; close(): Promise<void> }> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        setTimeout(() => {
          messages.push({ subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "", to: session.envelope.rcptTo.map((r) => r.address).join(",") });
          callback();
        }, delayMs);
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A Redis key prefix for this test; `cleanup` deletes every key under it. */
export function redisPrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `test-scale-${randomBytes(4).toString("hex")}:`;
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    },
  };
}

export interface Child {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function spawnChild(name: string, script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", MEILI_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    name,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface PortalProcess extends Child {
  baseUrl: string;
  dataDir: string;
}

/** Spawns a portal on PostgreSQL (search off, collab joined through Redis); does not wait. */
export async function spawnPortal(databaseUrl: string, redis: string, env: Record<string, string> = {}): Promise<PortalProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-scale-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawnChild(`portal:${port}`, "server/start.js", {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    BASE_URL: baseUrl,
    DATABASE_URL: databaseUrl,
    SEARCH_DISABLED: "1",
    AUTH_SECRET: SECRET,
    COLLAB_SECRET: SECRET,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: redis,
    ...env,
  });
  const stop = child.stop;
  return {
    ...child,
    baseUrl,
    dataDir,
    async stop() {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Spawns `npm run collab` (server/start-collab.js) on PostgreSQL; `port` answers /healthz when ready. */
export async function spawnCollab(databaseUrl: string, redis: string): Promise<Child & { baseUrl: string }> {
  const port = await freePort();
  const child = spawnChild(`collab:${port}`, "server/start-collab.js", {
    DATABASE_URL: databaseUrl,
    DATA_DIR: "",
    COLLAB_PORT: String(port),
    COLLAB_HOST: "127.0.0.1",
    COLLAB_SECRET: SECRET,
    COLLAB_ALLOWED_ORIGINS: "http://127.0.0.1",
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: redis,
  });
  return { ...child, baseUrl: `http://127.0.0.1:${port}` };
}

/** Waits for GET /healthz → 200; fails early (with the output) if the process exits. */
export async function waitHealthy(proc: Child & { baseUrl: string }, timeoutMs = 90_000): Promise<void> {
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${proc.name} terminó al iniciar (código ${exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(`${proc.baseUrl}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${proc.name} no respondió a tiempo:\n${proc.output()}`);
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
