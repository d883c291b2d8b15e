import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser.ts";
import { builtPortalEnv, waitForHealthz } from "../../setup/built-portal";
import { freePort } from "../../setup/free-port";

export { freePort };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface Portal {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** email → password, as printed once at the first start. */
  demoPasswords: Record<string, string>;
  /** Everything the server printed so far. */
  output(): string;
  /** The error-level (pino level ≥ 50) lines the server logged so far: tests assert none was unexpected. */
  errorLines(): string[];
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data dir; `env` changes its configuration (as an operator would). */
  restart(env?: Record<string, string>): Promise<void>;
}


/** Builds once per test run (the e2e runner builds before tests; this is a guard). */
function ensureBuilt() {
  if (!fs.existsSync(path.join(root, "build", "index.js"))) {
    throw new Error("No hay build: ejecuta `npm run build` antes de las pruebas de navegador.");
  }
}

/**
 * Starts the real portal (built server, embedded PGlite and Meilisearch) on a
 * random port with a fresh data dir, and waits for /healthz. `env` overrides
 * the defaults, e.g. DATABASE_URL, MEILI_URL, REDIS_URL for several portals
 * sharing PostgreSQL, Meilisearch and Redis. `port` fixes the port (its origin
 * known before it starts).
 */
export async function startPortal(options: { env?: Record<string, string>; dataDir?: string; port?: number } = {}): Promise<Portal> {
  ensureBuilt();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "redomil-e2e-"));
  const baseUrl = `http://localhost:${port}`;
  let child: ChildProcess | undefined;
  let out = "";
  const demoPasswords: Record<string, string> = {};
  let env = { ...options.env };

  const launch = async () => {
    child = spawn(process.execPath, ["server/start.js"], { cwd: root, env: builtPortalEnv(port, dataDir, env), stdio: ["ignore", "pipe", "pipe"] });
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      for (const match of text.matchAll(/\[demo\]\s+\S+\s+(\S+@\S+)\s+contraseña: ([\w-]+)/g)) demoPasswords[match[1]] = match[2];
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    // The portal answers before its embedded Meilisearch is up: tests start once search has settled.
    await waitForHealthz(child, port, { ready: (search) => search !== "starting", output: () => out, timeoutMs: 90_000 });
  };

  const waitExit = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
    });

  await launch();
  return {
    baseUrl,
    port,
    dataDir,
    demoPasswords,
    output: () => out,
    errorLines: () => out.split("\n").filter((line) => /^\{"level":(5\d|60)\b/.test(line)),
    async stop() {
      child?.kill("SIGTERM");
      await waitExit();
    },
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      child?.kill(signal);
      await waitExit();
      if (signal === "SIGKILL") killOrphanMeilisearch(dataDir);
    },
    async restart(changes?: Record<string, string>) {
      env = { ...env, ...changes };
      await launch();
    },
  };
}

/** After a SIGKILL the portal cannot stop its Meilisearch child: stop it like an operator would. */
function killOrphanMeilisearch(dataDir: string) {
  const pidFile = path.join(dataDir, "meili", "meilisearch.pid");
  for (const file of [pidFile]) {
    try {
      const pid = Number(fs.readFileSync(file, "utf8"));
      if (pid > 0) process.kill(pid, "SIGKILL");
    } catch {
      // no pid file or already gone
    }
  }
}

/**
 * One portal and one browser for a test file: started in beforeAll, stopped in
 * afterAll. Read `env.portal` / `env.browser` inside tests.
 */
export function usePortalAndBrowser(options: Parameters<typeof startPortal>[0] = {}) {
  const env = {} as { portal: Portal; browser: Browser };
  beforeAll(async () => {
    env.portal = await startPortal(options);
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.portal?.stop();
  });
  return env;
}
