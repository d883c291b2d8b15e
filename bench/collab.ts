/*
 * `npm run bench:collab`: our collab server (token auth + PGlite persistence)
 * against a bare @y/websocket-server 0.1.1, same harness, same run.
 * 200 y-websocket clients over 50 documents send ~100 updates/s in total for
 * 20 s (per server, in alternating rounds); we measure how long an update takes to reach the other clients of its
 * document, the JS heap per loaded document, and (ours only: the peer keeps
 * nothing) the cold load of a stored document. Loopback only; every phase is
 * bounded and the whole run aborts after BENCH_DEADLINE_MS (default 240 s).
 * Last line: `p99 ours X ms; peer Y ms; ratio R`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { formatDocumentName } from "../app/collab/document-name";
import { createCollabToken } from "../app/collab/token";

const DOCUMENTS = 50;
const CLIENTS_PER_DOCUMENT = 4;
const UPDATES_PER_SECOND = 100;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 20_000);
const ROUNDS = 2;
const WARMUP_MS = 2_000;
const COLD_DOCUMENTS = 5;
const COLD_UPDATES = 2_000;
const SECRET = "bench-secret-bench-secret-bench-secret-01";
const ORIGIN = "http://bench.local";
const deadline = setTimeout(() => {
  console.error("benchmark exceeded its deadline; aborting");
  process.exit(1);
}, Number(process.env.BENCH_DEADLINE_MS ?? 240_000));
deadline.unref();
process.setMaxListeners(1_000);

const OriginWebSocket = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { origin: ORIGIN });
  }
} as unknown as typeof globalThis.WebSocket;

type Kind = "ours" | "peer";

class ServerProcess {
  private nextId = 1;
  private waiting = new Map<number, (message: Record<string, unknown>) => void>();
  private constructor(private readonly child: ChildProcess, readonly port: number, readonly baselineHeap: number) {
    child.on("message", (message: Record<string, unknown>) => {
      const resolve = this.waiting.get(Number(message.id));
      this.waiting.delete(Number(message.id));
      resolve?.(message);
    });
  }

  static start(kind: Kind): Promise<ServerProcess> {
    const child = fork(fileURLToPath(new URL("./collab-server-process.ts", import.meta.url)), [kind], {
      execArgv: ["--expose-gc", "--import", "tsx"],
      env: { ...process.env, BENCH_COLLAB_SECRET: SECRET, BENCH_ORIGIN: ORIGIN },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return withTimeout(
      new Promise((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
        child.once("message", (message: { port: number; heapUsed: number }) => resolve(new ServerProcess(child, message.port, message.heapUsed)));
      }),
      60_000,
      `${kind} server start`,
    );
  }

  request<T = Record<string, unknown>>(type: "memory" | "stats" | "stop"): Promise<T> {
    const id = this.nextId++;
    return withTimeout(
      new Promise((resolve) => {
        this.waiting.set(id, resolve as (message: Record<string, unknown>) => void);
        this.child.send({ type, id });
      }),
      30_000,
      `server ${type}`,
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms).unref())]);
}

async function until(predicate: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`${what} timed out`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(port: number, documentName: string, doc: Y.Doc, userId: string) {
  const token = createCollabToken({ secret: SECRET, userId, userName: userId, documentName, access: "edit" });
  return new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, documentName, doc, {
    params: { token },
    WebSocketPolyfill: OriginWebSocket,
    disableBc: true,
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Round {
  latencies: number[];
  heapPerDocumentKb: number;
}

/** One round: 200 fresh clients on 50 fresh documents, warm-up, then `measureMs` of measured traffic. */
async function measureRound(server: ServerProcess, kind: Kind, measureMs: number): Promise<Round> {
  // Start quiescent: ours stores and unloads the previous round's documents (the peer keeps them forever).
  const end = Date.now() + 30_000;
  while (kind === "ours" && (await server.request<{ documents: number }>("stats")).documents > 0) {
    if (Date.now() > end) throw new Error("previous round never unloaded");
    await sleep(100);
  }
  const before = await server.request<{ heapUsed: number }>("memory");
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let recording = false;
  const clients: { doc: Y.Doc; provider: WebsocketProvider; key: string; seq: number }[] = [];
  for (let d = 0; d < DOCUMENTS; d += 1) {
    const name = formatDocumentName({ kind: "proposal", id: crypto.randomUUID() });
    for (let c = 0; c < CLIENTS_PER_DOCUMENT; c += 1) {
      const doc = new Y.Doc();
      const key = `${d}.${c}`;
      doc.getMap("seq").observe((event, transaction) => {
        if (transaction.local) return;
        const now = performance.now();
        for (const changed of event.keysChanged) {
          const sent = sentAt.get(`${changed}#${doc.getMap("seq").get(changed)}`);
          if (sent !== undefined && recording) latencies.push(now - sent);
        }
      });
      clients.push({ doc, provider: connect(server.port, name, doc, `u${key}`), key, seq: 0 });
    }
  }
  await until(() => clients.every((c) => c.provider.synced), 30_000, `${kind}: clients synced`);

  const send = () => {
    const client = clients[Math.floor(Math.random() * clients.length)];
    client.seq += 1;
    const text = client.doc.getText("body");
    sentAt.set(`${client.key}#${client.seq}`, performance.now());
    client.doc.transact(() => {
      text.insert(Math.floor(Math.random() * (text.length + 1)), "abcdefghij".slice(0, 1 + Math.floor(Math.random() * 10)));
      client.doc.getMap("seq").set(client.key, client.seq);
    });
  };
  const drive = async (ms: number) => {
    const start = performance.now();
    let sent = 0;
    while (performance.now() - start < ms) {
      const due = Math.floor(((performance.now() - start) / 1000) * UPDATES_PER_SECOND);
      for (; sent < due; sent += 1) send();
      await sleep(5);
    }
  };
  await drive(WARMUP_MS);
  recording = true;
  await drive(measureMs);
  await sleep(500);
  recording = false;
  // While this round's documents are loaded and their 4 sockets each attached.
  const after = await server.request<{ heapUsed: number }>("memory");
  clients.forEach((c) => c.provider.destroy());
  await sleep(300);
  return { latencies, heapPerDocumentKb: (after.heapUsed - before.heapUsed) / DOCUMENTS / 1024 };
}

interface Result {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  heapPerDocumentKb: number;
  coldLoadMs?: { serverMedian: number; clientMedian: number; bytes: number };
}

function summarize(rounds: Round[]): Result {
  const sorted = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    heapPerDocumentKb: rounds.reduce((sum, r) => sum + r.heapPerDocumentKb, 0) / rounds.length,
  };
}

async function measureColdLoad(server: ServerProcess) {
  const names = Array.from({ length: COLD_DOCUMENTS }, () => formatDocumentName({ kind: "meeting", id: crypto.randomUUID() }));
  let bytes = 0;
  for (const name of names) {
    const doc = new Y.Doc();
    const provider = connect(server.port, name, doc, "writer");
    await until(() => provider.synced, 10_000, "cold writer synced");
    const text = doc.getText("body");
    for (let i = 0; i < COLD_UPDATES; i += 1) text.insert(Math.floor(Math.random() * (text.length + 1)), "palabra ");
    bytes = Y.encodeStateAsUpdate(doc).byteLength;
    await sleep(200);
    provider.destroy();
  }
  // The last disconnect stores and compacts, then unloads.
  const end = Date.now() + 30_000;
  while ((await server.request<{ documents: number }>("stats")).documents > 0) {
    if (Date.now() > end) throw new Error("cold documents never unloaded");
    await sleep(100);
  }
  const clientTimes: number[] = [];
  for (const name of names) {
    const doc = new Y.Doc();
    const started = performance.now();
    const provider = connect(server.port, name, doc, "reader");
    await until(() => provider.synced, 10_000, "cold reader synced");
    clientTimes.push(performance.now() - started);
    if (doc.getText("body").length !== COLD_UPDATES * 8) throw new Error("cold load served an incomplete document");
    provider.destroy();
  }
  const { loadTimes } = await server.request<{ loadTimes: number[] }>("stats");
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { serverMedian: median(loadTimes.slice(-COLD_DOCUMENTS)), clientMedian: median(clientTimes), bytes };
}

async function main() {
  console.log(
    `collab benchmark: ${DOCUMENTS} documents × ${CLIENTS_PER_DOCUMENT} clients, ~${UPDATES_PER_SECOND} updates/s, ` +
      `${MEASURE_MS / 1000} s per server in ${ROUNDS} alternating rounds, loopback`,
  );
  const servers = { peer: await ServerProcess.start("peer"), ours: await ServerProcess.start("ours") };
  const rounds: Record<Kind, Round[]> = { peer: [], ours: [] };
  let ours: Result;
  let peer: Result;
  try {
    // Alternating rounds expose both servers to the same background load.
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: Kind[] = round % 2 === 0 ? ["peer", "ours"] : ["ours", "peer"];
      for (const kind of order) rounds[kind].push(await measureRound(servers[kind], kind, MEASURE_MS / ROUNDS));
    }
    peer = summarize(rounds.peer);
    ours = summarize(rounds.ours);
    ours.coldLoadMs = await measureColdLoad(servers.ours);
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.request("stop").catch(() => undefined)));
  }
  const f = (n: number | undefined, digits = 2) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits));
  const rows: [string, string, string][] = [
    ["propagation samples", String(ours.samples), String(peer.samples)],
    ["propagation p50 (ms)", f(ours.p50), f(peer.p50)],
    ["propagation p99 (ms)", f(ours.p99), f(peer.p99)],
    ["propagation max (ms)", f(ours.max), f(peer.max)],
    ["JS heap per loaded document, 4 sockets each (KB)", f(ours.heapPerDocumentKb, 1), f(peer.heapPerDocumentKb, 1)],
    [`cold load, server (ms, ${f((ours.coldLoadMs?.bytes ?? 0) / 1024, 0)} KB state)`, f(ours.coldLoadMs?.serverMedian), "n/a (no persistence)"],
    ["cold load, connect → synced (ms)", f(ours.coldLoadMs?.clientMedian), "n/a (no persistence)"],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`${"metric".padEnd(width)} | ${"ours".padStart(10)} | peer`);
  for (const [metric, a, b] of rows) console.log(`${metric.padEnd(width)} | ${a.padStart(10)} | ${b}`);
  console.log(`p99 ours ${f(ours.p99)} ms; peer ${f(peer.p99)} ms; ratio ${f(ours.p99 / peer.p99)}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
