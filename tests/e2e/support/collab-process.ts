import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./portal.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface CollabProcess {
  port: number;
  /** What browsers open (COLLAB_PUBLIC_URL), e.g. ws://127.0.0.1:1234/collab. */
  publicUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm run collab` as an operator runs it (node server/start-collab.js, on
 * the Remix build) on a random port; waits for GET /healthz.
 * `env` gives DATABASE_URL, COLLAB_SECRET, COLLAB_ALLOWED_ORIGINS, REDIS_URL…
 */
export async function startCollabProcess(env: Record<string, string>): Promise<CollabProcess> {
  const port = await freePort();
  let out = "";
  const child: ChildProcess = spawn(process.execPath, ["server/start-collab.js"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: "", COLLAB_PORT: String(port), COLLAB_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`El servidor de edición terminó al iniciar (código ${child.exitCode}):\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`El servidor de edición no respondió a tiempo:\n${out}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    publicUrl: `ws://127.0.0.1:${port}/collab`,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
