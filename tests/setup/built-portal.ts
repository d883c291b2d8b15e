/*
 * What starting the built portal (`node server/start.js`, as `npm start` runs it) takes, shared by
 * the browser tests' portals (tests/e2e/support/portal.ts) and the benchmarks'
 * (bench/support/portal-process.ts): its environment and the wait for /healthz.
 */
import type { ChildProcess } from "node:child_process";

/** The child's environment: production, on 127.0.0.1:`port`, its own data dir, PGlite unless `env` says otherwise. */
export function builtPortalEnv(port: number, dataDir: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    BASE_URL: `http://localhost:${port}`,
    DATABASE_URL: "",
    MEILI_URL: "",
    ...env,
  };
}

/**
 * Waits until /healthz answers 200 with a search state `ready` accepts; throws with what the
 * portal printed (`output()`) if it exits or does not answer within `timeoutMs`.
 */
export async function waitForHealthz(child: ChildProcess, port: number, options: { ready(search: string): boolean; output(): string; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`El portal terminó al iniciar (código ${child.exitCode}):\n${options.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200 && options.ready(((await res.json()) as { search: string }).search)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`El portal no respondió a tiempo:\n${options.output()}`);
}
