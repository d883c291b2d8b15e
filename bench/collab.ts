/*
 * `npm run bench:collab`: our collab server (token auth + PGlite persistence,
 * production store timings) against a bare @y/websocket-server 0.1.1, same
 * harness, same run. Both servers run at the same time, each in its own
 * process, driven by one clock: every tick sends the same number of updates
 * to each, so background load on the machine hits both alike. Per server:
 * 200 y-websocket clients over 50 documents, ~100 updates/s in total, 2 s
 * warm-up then 20 s measured (ours reaches its 10 s max-wait store inside the
 * window). Measured: propagation latency (local update → arrival at the other
 * clients of the document), server CPU per 1000 updates, JS heap per loaded
 * document, and (ours only; the peer keeps nothing) cold load of a stored
 * document. Loopback only; aborts after BENCH_DEADLINE_MS (default 240 s).
 * Last line: `p99 ours X ms; peer Y ms; ratio R`.
 */
import {
  drive as driveAt,
  Fleet,
  measureColdLoad,
  percentile,
  ServerProcess,
  sleep,
  until,
  yWebsocketConnector,
  type Kind,
  type ServerReport,
} from "./collab-harness";

const DOCUMENTS = 50;
const CLIENTS_PER_DOCUMENT = 4;
const UPDATES_PER_SECOND = 100;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 20_000);
const WARMUP_MS = 2_000;
const COLD_DOCUMENTS = 5;
const COLD_UPDATES = 2_000;

const deadline = setTimeout(() => {
  console.error("benchmark exceeded its deadline; aborting");
  process.exit(1);
}, Number(process.env.BENCH_DEADLINE_MS ?? 240_000));
deadline.unref();
// Each y-websocket provider in Node adds a process "exit" listener.
process.setMaxListeners(1_000);

const drive = (fleets: Fleet[], ms: number) => driveAt(fleets, ms, UPDATES_PER_SECOND);

interface Result {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  cpuMsPer1000Updates: number;
  heapPerDocumentKb: number;
  coldLoad?: { serverMedian: number; clientMedian: number; bytes: number };
}

function summarize(fleet: Fleet, before: ServerReport, during: ServerReport, after: ServerReport, updates: number): Result {
  const sorted = [...fleet.latencies].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    cpuMsPer1000Updates: (after.cpuMicros - during.cpuMicros) / 1000 / (updates / 1000),
    heapPerDocumentKb: (after.heapUsed - before.heapUsed) / DOCUMENTS / 1024,
  };
}

async function main() {
  console.log(
    `collab benchmark: per server ${DOCUMENTS} documents × ${CLIENTS_PER_DOCUMENT} clients, ~${UPDATES_PER_SECOND} updates/s, ` +
      `${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s measured, both servers driven together, loopback`,
  );
  const servers: Record<Kind, ServerProcess> = { ours: await ServerProcess.start("ours"), peer: await ServerProcess.start("peer") };
  const results = {} as Record<Kind, Result>;
  try {
    const kinds: Kind[] = ["ours", "peer"];
    const before = await Promise.all(kinds.map((kind) => servers[kind].request("memory")));
    const fleets = kinds.map((kind) => new Fleet([yWebsocketConnector(servers[kind])], DOCUMENTS, CLIENTS_PER_DOCUMENT));
    await until(() => fleets.every((fleet) => fleet.synced), 60_000, "clients synced");
    await drive(fleets, WARMUP_MS);
    const during = await Promise.all(kinds.map((kind) => servers[kind].request("stats")));
    fleets.forEach((fleet) => (fleet.recording = true));
    await drive(fleets, MEASURE_MS);
    await sleep(500);
    fleets.forEach((fleet) => (fleet.recording = false));
    // While every document is loaded with its 4 sockets attached.
    const after = await Promise.all(kinds.map((kind) => servers[kind].request("memory")));
    const updates = (MEASURE_MS / 1000) * UPDATES_PER_SECOND;
    kinds.forEach((kind, i) => (results[kind] = summarize(fleets[i], before[i], during[i], after[i], updates)));
    fleets.forEach((fleet) => fleet.destroy());
    await servers.ours.quiesce();
    results.ours.coldLoad = await measureColdLoad(servers.ours, COLD_DOCUMENTS, COLD_UPDATES);
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.request("stop").catch(() => undefined)));
  }

  const { ours, peer } = results;
  const f = (n: number | undefined, digits = 2) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits));
  const rows: [string, string, string][] = [
    ["propagation samples", String(ours.samples), String(peer.samples)],
    ["propagation p50 (ms)", f(ours.p50), f(peer.p50)],
    ["propagation p99 (ms)", f(ours.p99), f(peer.p99)],
    ["propagation max (ms)", f(ours.max), f(peer.max)],
    ["server CPU per 1000 updates (ms)", f(ours.cpuMsPer1000Updates, 0), f(peer.cpuMsPer1000Updates, 0)],
    ["JS heap per loaded document, 4 sockets each (KB)", f(ours.heapPerDocumentKb, 1), f(peer.heapPerDocumentKb, 1)],
    [`cold load, server (ms, ${f((ours.coldLoad?.bytes ?? 0) / 1024, 0)} KB state)`, f(ours.coldLoad?.serverMedian), "n/a (no persistence)"],
    ["cold load, connect → synced (ms)", f(ours.coldLoad?.clientMedian), "n/a (no persistence)"],
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
