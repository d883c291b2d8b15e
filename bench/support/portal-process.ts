/**
 * The portal as `npm start` runs it, for benchmarks: `node server/start.js` on
 * the Remix build (the build's own copy of app/, docs/decisions/0100) in its
 * own process, on a data dir and a Meilisearch the bench prepared. Its log
 * (default level, as in production) goes to a file in the data dir, as an
 * operator's would; it is printed if the portal does not start.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Meilisearch } from "meilisearch";
import { builtPortalEnv, waitForHealthz } from "../../tests/setup/built-portal.ts";
import { freePort } from "../../tests/setup/free-port.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface PortalProcess {
  port: number;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}


/** `nodeArgs`: extra node flags for the portal, e.g. `--cpu-prof` to profile the route (BENCH_CPU_PROF in bench/search.ts). */
export async function startBuiltPortal(options: { dataDir: string; meiliUrl: string; meiliKey: string; nodeArgs?: string[] }): Promise<PortalProcess> {
  if (!fs.existsSync(path.join(root, "build", "index.js"))) throw new Error("Ejecuta `npm run build` antes del benchmark.");
  const port = await freePort();
  const logFile = path.join(options.dataDir, "portal.log");
  const out = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "server/start.js"], {
    cwd: root,
    env: builtPortalEnv(port, options.dataDir, { MEILI_URL: options.meiliUrl, MEILI_MASTER_KEY: options.meiliKey, SEED_DEMO: "false", LOG_LEVEL: "info" }),
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForHealthz(child, port, { ready: (search) => search === "ok", output: () => fs.readFileSync(logFile, "utf8").slice(-4000), timeoutMs: 120_000 });
  } catch (error) {
    child.kill("SIGTERM");
    await exited;
    throw error;
  }
  return {
    port,
    pid: child.pid!,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits until Meilisearch has no queued or running task and `quietMs` passed (the portal's start-up passes done). */
export async function waitForIdleEngine(client: Meilisearch, quietMs = 3_000): Promise<void> {
  const deadline = Date.now() + 300_000;
  let idleSince = 0;
  while (Date.now() < deadline) {
    const pending = await client.tasks.getTasks({ statuses: ["enqueued", "processing"], limit: 1 });
    if (pending.total > 0 || pending.results.length > 0) idleSince = 0;
    else if (!idleSince) idleSince = Date.now();
    else if (Date.now() - idleSince >= quietMs) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("Meilisearch no terminó sus tareas a tiempo.");
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). */
export function processCpuMs(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 per second).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
