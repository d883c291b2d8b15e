/*
 * The collab benchmarks' moving parts: a server in a child process (IPC), a
 * standalone `npm run collab` process (CPU read from /proc), and a fleet of
 * real clients (y-websocket or @hocuspocus/provider) that timestamps every
 * update it sends and records when the other clients of the same document
 * receive it — separately when sender and receiver sit on different servers.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { formatDocumentName } from "../app/collab/document-name";
import { createCollabToken } from "../app/collab/token";

export type Kind = "ours" | "peer";
/** What bench/collab-server-process.ts can run. */
export type ServerKind = Kind | "hocuspocus";

export const SECRET = "bench-secret-bench-secret-bench-secret-01";
export const ORIGIN = "http://bench.local";

const OriginWebSocket = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { origin: ORIGIN });
    // A provider that is destroyed while connecting removes its listeners and then closes the
    // socket, which emits "error"; without a listener that would crash the bench.
    this.on("error", () => undefined);
  }
} as unknown as typeof globalThis.WebSocket;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms).unref())]);
}

export async function until(predicate: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`${what} timed out`);
    await sleep(20);
  }
}

export interface ServerReport {
  heapUsed: number;
  cpuMicros: number;
  documents: number;
  loadTimes?: number[];
}

/** A server under test in its own process: its event loop is not shared with the clients. */
export class ServerProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: ServerReport) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly kind: ServerKind,
    readonly port: number,
    readonly baseline: ServerReport,
  ) {
    child.on("message", (message: ServerReport & { id: number }) => {
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  /** `env` adds to the child's environment (e.g. BENCH_REDIS_PREFIX for "hocuspocus"). */
  static start(kind: ServerKind, env: Record<string, string> = {}): Promise<ServerProcess> {
    const profileDir = process.env.BENCH_CPU_PROF;
    const child = fork(fileURLToPath(new URL("./collab-server-process.ts", import.meta.url)), [kind], {
      // BENCH_CPU_PROF=<dir> writes a CPU profile of each server process there.
      execArgv: ["--expose-gc", "--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
      env: { ...process.env, ...env, BENCH_COLLAB_SECRET: SECRET, BENCH_ORIGIN: ORIGIN },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const started = new Promise<ServerProcess>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
      child.once("message", (message: ServerReport & { port: number }) => resolve(new ServerProcess(child, kind, message.port, message)));
    });
    return withTimeout(started, 60_000, `${kind} server start`);
  }

  /** "memory" forces a GC first; "stats" does not. */
  request(type: "memory" | "stats" | "stop"): Promise<ServerReport> {
    const id = this.nextId++;
    const answered = new Promise<ServerReport>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ type, id });
    });
    return withTimeout(answered, 30_000, `${this.kind} server ${type}`);
  }

  async cpuMicros(): Promise<number> {
    return (await this.request("stats")).cpuMicros;
  }

  /** Waits until ours stored and unloaded every document (the peer never unloads). */
  async quiesce(): Promise<void> {
    const end = Date.now() + 30_000;
    while (this.kind === "ours" && (await this.request("stats")).documents > 0) {
      if (Date.now() > end) throw new Error("documents never unloaded");
      await sleep(100);
    }
  }
}

const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** user + system CPU of a process (and its reaped children) from /proc, in microseconds (10 ms resolution). */
export function processCpuMicros(pid: number): number {
  // Fields after the parenthesised command name: state is the 1st, utime the 12th, stime the 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** Standalone servers still running: killed if the bench itself exits early (they are not forked). */
const liveStandalones = new Set<ChildProcess>();
process.on("exit", () => liveStandalones.forEach((child) => child.kill("SIGKILL")));

/**
 * `npm run collab` as an operator runs it (`node server/start-collab.js`, on the Remix build),
 * on an ephemeral loopback port read from its "listening" log line. Warnings and errors are
 * echoed (at most 20 lines); stop() sends SIGTERM and waits for the exit (SIGKILL after 25 s).
 */
export class StandaloneCollab {
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    readonly port: number,
  ) {
    this.exit = new Promise((resolve) => child.once("exit", () => resolve()));
    child.once("exit", () => (this.exited = true));
  }

  static start(name: string, env: Record<string, string>): Promise<StandaloneCollab> {
    const profileDir = process.env.BENCH_CPU_PROF;
    // BENCH_CPU_PROF=<dir> writes a CPU profile of each standalone process there (on its SIGTERM exit).
    const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
    const child = spawn(process.execPath, [...profile, "server/start-collab.js"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, COLLAB_HOST: "127.0.0.1", COLLAB_PORT: "0", COLLAB_SECRET: SECRET, COLLAB_ALLOWED_ORIGINS: ORIGIN, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    liveStandalones.add(child);
    child.once("exit", () => liveStandalones.delete(child));
    let echoed = 0;
    const started = new Promise<StandaloneCollab>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before listening`)));
      const onLine = (line: string) => {
        let entry: { level?: number; event?: string; port?: number } | undefined;
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          entry = undefined;
        }
        if (entry?.event === "listening" && entry.port) resolve(new StandaloneCollab(child, name, entry.port));
        else if ((!entry || (entry.level ?? 0) >= 40) && line.trim() && echoed++ < 20) console.error(`[${name}] ${line}`);
      };
      for (const stream of [child.stdout, child.stderr]) {
        let buffered = "";
        stream?.setEncoding("utf8").on("data", (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split("\n");
          buffered = lines.pop() ?? "";
          lines.forEach(onLine);
        });
      }
    });
    return withTimeout(started, 60_000, `${name} start`).catch((error: unknown) => {
      child.kill("SIGKILL");
      throw error;
    });
  }

  async cpuMicros(): Promise<number> {
    return processCpuMicros(this.child.pid ?? 0);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.kill("SIGTERM");
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 25_000);
    await this.exit;
    clearTimeout(killer);
  }
}

/** One client of a fleet, whatever its protocol library. */
export interface FleetConnection {
  readonly synced: boolean;
  destroy(): void;
}
export type Connector = (documentName: string, doc: Y.Doc, userId: string) => FleetConnection;

/** y-websocket clients of ours (token in the query) or of the bare peer. */
export const yWebsocketConnector =
  (server: { port: number }): Connector =>
  (documentName, doc, userId) =>
    connectClient(server, documentName, doc, userId);

/** @hocuspocus/provider clients, one socket each (as y-websocket), same signed token. */
export const hocuspocusConnector =
  (server: { port: number }): Connector =>
  (documentName, doc, userId) => {
    const token = createCollabToken({ secret: SECRET, userId, userName: userId, documentName, access: "edit" });
    const websocketProvider = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${server.port}`, WebSocketPolyfill: OriginWebSocket });
    const provider = new HocuspocusProvider({ websocketProvider, name: documentName, document: doc, token });
    provider.attach();
    return {
      get synced() {
        return provider.synced;
      },
      destroy() {
        provider.destroy();
        websocketProvider.destroy();
      },
    };
  };

export function connectClient(server: { port: number }, documentName: string, doc: Y.Doc, userId: string): WebsocketProvider {
  const token = createCollabToken({ secret: SECRET, userId, userName: userId, documentName, access: "edit" });
  return new WebsocketProvider(`ws://127.0.0.1:${server.port}/collab`, documentName, doc, {
    params: { token },
    WebSocketPolyfill: OriginWebSocket,
    disableBc: true,
  });
}

interface FleetClient {
  doc: Y.Doc;
  provider: FleetConnection;
  key: string;
  seq: number;
}

/**
 * `documents` × `clientsPerDocument` clients; client c of a document connects to
 * `endpoints[c % endpoints.length]`, so with two endpoints each document has clients
 * on both. Each update carries (client, seq) in a Y.Map for timing: `latencies` holds
 * every arrival at another client, split into `sameLatencies` (sender and receiver on
 * one endpoint) and `crossLatencies[i]` (sent through endpoint i, received through another).
 */
export class Fleet {
  readonly latencies: number[] = [];
  readonly sameLatencies: number[] = [];
  readonly crossLatencies: number[][];
  readonly documentNames: string[] = [];
  recording = false;
  private readonly clients: FleetClient[] = [];
  private readonly sentAt = new Map<string, number>();
  private readonly endpointOf = new Map<string, number>();

  constructor(endpoints: Connector[], documents: number, clientsPerDocument: number) {
    this.crossLatencies = endpoints.map(() => []);
    for (let d = 0; d < documents; d += 1) {
      const name = formatDocumentName({ kind: "proposal", id: crypto.randomUUID() });
      this.documentNames.push(name);
      for (let c = 0; c < clientsPerDocument; c += 1) {
        const doc = new Y.Doc();
        const key = `${d}.${c}`;
        const endpoint = c % endpoints.length;
        this.endpointOf.set(key, endpoint);
        const seqs = doc.getMap<number>("seq");
        seqs.observe((event, transaction) => {
          if (transaction.local || !this.recording) return;
          const now = performance.now();
          for (const changed of event.keysChanged) {
            const sent = this.sentAt.get(`${changed}#${seqs.get(changed)}`);
            if (sent === undefined) continue;
            this.latencies.push(now - sent);
            const from = this.endpointOf.get(changed) ?? endpoint;
            if (from === endpoint) this.sameLatencies.push(now - sent);
            else this.crossLatencies[from].push(now - sent);
          }
        });
        this.clients.push({ doc, provider: endpoints[endpoint](name, doc, `u${key}`), key, seq: 0 });
      }
    }
  }

  get synced(): boolean {
    return this.clients.every((c) => c.provider.synced);
  }

  /** One typing burst (1–10 characters at a random place) from a random client. */
  send(): void {
    const client = this.clients[Math.floor(Math.random() * this.clients.length)];
    client.seq += 1;
    const text = client.doc.getText("body");
    // Only updates sent while recording are timed (a late warm-up update would skew the window).
    if (this.recording) this.sentAt.set(`${client.key}#${client.seq}`, performance.now());
    client.doc.transact(() => {
      text.insert(Math.floor(Math.random() * (text.length + 1)), "abcdefghij".slice(0, 1 + Math.floor(Math.random() * 10)));
      client.doc.getMap("seq").set(client.key, client.seq);
    });
  }

  destroy(): void {
    this.clients.forEach((c) => c.provider.destroy());
  }
}

/** Sends `updatesPerSecond` to every fleet for `ms`, on one shared schedule (one clock drives all). */
export async function drive(fleets: Fleet[], ms: number, updatesPerSecond: number) {
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < ms) {
    const due = Math.floor(((performance.now() - start) / 1000) * updatesPerSecond);
    for (; sent < due; sent += 1) fleets.forEach((fleet) => fleet.send());
    await sleep(5);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Cold load: documents written, stored and unloaded, then opened by a fresh client. */
export async function measureColdLoad(server: ServerProcess, documents: number, updates: number) {
  const names = Array.from({ length: documents }, () => formatDocumentName({ kind: "meeting", id: crypto.randomUUID() }));
  let bytes = 0;
  for (const name of names) {
    const doc = new Y.Doc();
    const provider = connectClient(server, name, doc, "writer");
    await until(() => provider.synced, 10_000, "cold writer synced");
    const text = doc.getText("body");
    for (let i = 0; i < updates; i += 1) text.insert(Math.floor(Math.random() * (text.length + 1)), "palabra ");
    bytes = Y.encodeStateAsUpdate(doc).byteLength;
    await sleep(200);
    provider.destroy();
  }
  await server.quiesce();
  const clientTimes: number[] = [];
  for (const name of names) {
    const doc = new Y.Doc();
    const started = performance.now();
    const provider = connectClient(server, name, doc, "reader");
    await until(() => provider.synced, 10_000, "cold reader synced");
    clientTimes.push(performance.now() - started);
    if (doc.getText("body").length !== updates * 8) throw new Error("cold load served an incomplete document");
    provider.destroy();
  }
  const { loadTimes = [] } = await server.request("stats");
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { serverMedian: median(loadTimes.slice(-documents)), clientMedian: median(clientTimes), bytes };
}
