/*
 * The collab benchmark's moving parts: a server in a child process (IPC), and
 * a fleet of real y-websocket clients that timestamps every update it sends
 * and records when the other clients of the same document receive it.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { formatDocumentName } from "../app/collab/document-name";
import { createCollabToken } from "../app/collab/token";

export type Kind = "ours" | "peer";

const SECRET = "bench-secret-bench-secret-bench-secret-01";
const ORIGIN = "http://bench.local";

const OriginWebSocket = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { origin: ORIGIN });
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
    readonly kind: Kind,
    readonly port: number,
    readonly baseline: ServerReport,
  ) {
    child.on("message", (message: ServerReport & { id: number }) => {
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static start(kind: Kind): Promise<ServerProcess> {
    const profileDir = process.env.BENCH_CPU_PROF;
    const child = fork(fileURLToPath(new URL("./collab-server-process.ts", import.meta.url)), [kind], {
      // BENCH_CPU_PROF=<dir> writes a CPU profile of each server process there.
      execArgv: ["--expose-gc", "--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
      env: { ...process.env, BENCH_COLLAB_SECRET: SECRET, BENCH_ORIGIN: ORIGIN },
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

  /** Waits until ours stored and unloaded every document (the peer never unloads). */
  async quiesce(): Promise<void> {
    const end = Date.now() + 30_000;
    while (this.kind === "ours" && (await this.request("stats")).documents > 0) {
      if (Date.now() > end) throw new Error("documents never unloaded");
      await sleep(100);
    }
  }
}

export function connectClient(server: ServerProcess, documentName: string, doc: Y.Doc, userId: string): WebsocketProvider {
  const token = createCollabToken({ secret: SECRET, userId, userName: userId, documentName, access: "edit" });
  return new WebsocketProvider(`ws://127.0.0.1:${server.port}/collab`, documentName, doc, {
    params: { token },
    WebSocketPolyfill: OriginWebSocket,
    disableBc: true,
  });
}

interface FleetClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  key: string;
  seq: number;
}

/** `documents` × `clientsPerDocument` clients; each update carries (client, seq) in a Y.Map for timing. */
export class Fleet {
  readonly latencies: number[] = [];
  recording = false;
  private readonly clients: FleetClient[] = [];
  private readonly sentAt = new Map<string, number>();

  constructor(readonly server: ServerProcess, documents: number, clientsPerDocument: number) {
    for (let d = 0; d < documents; d += 1) {
      const name = formatDocumentName({ kind: "proposal", id: crypto.randomUUID() });
      for (let c = 0; c < clientsPerDocument; c += 1) {
        const doc = new Y.Doc();
        const key = `${d}.${c}`;
        const seqs = doc.getMap<number>("seq");
        seqs.observe((event, transaction) => {
          if (transaction.local || !this.recording) return;
          const now = performance.now();
          for (const changed of event.keysChanged) {
            const sent = this.sentAt.get(`${changed}#${seqs.get(changed)}`);
            if (sent !== undefined) this.latencies.push(now - sent);
          }
        });
        this.clients.push({ doc, provider: connectClient(server, name, doc, `u${key}`), key, seq: 0 });
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
    this.sentAt.set(`${client.key}#${client.seq}`, performance.now());
    client.doc.transact(() => {
      text.insert(Math.floor(Math.random() * (text.length + 1)), "abcdefghij".slice(0, 1 + Math.floor(Math.random() * 10)));
      client.doc.getMap("seq").set(client.key, client.seq);
    });
  }

  destroy(): void {
    this.clients.forEach((c) => c.provider.destroy());
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
