/*
 * `npm run bench:collab-scale`: co-editing across two server processes joined
 * by Redis, ours against Hocuspocus, same harness, same run.
 *
 * Ours: two `npm run collab` processes (`node server/start-collab.js`, on the
 * Remix build: run `npm run build` first) on a fresh PostgreSQL database
 * created here and dropped at the end, REDIS_URL=redis://127.0.0.1:6379 (REDIS_PREFIX per run),
 * token auth. Peer: two Hocuspocus 3.4.4 servers joined by
 * @hocuspocus/extension-redis 3.4.4 (keys and channels under a per-run prefix;
 * onAuthenticate checks the same signed token; no persistence extension — it
 * keeps documents in memory only), driven by @hocuspocus/provider 3.4.4 clients. Per side: 200 clients over 50 documents,
 * each document's clients split 2 + 2 across the two processes, ~100 updates/s
 * in total; one clock drives both sides (every tick sends the same number of
 * updates to each), 2 s warm-up then 20 s measured (BENCH_MEASURE_MS).
 * Measured: cross-process propagation (an update sent by a client of process 1
 * → its arrival at a client of the same document on process 2, and vice
 * versa), p50/p99/max; same-process propagation; server CPU per 1000 updates
 * (both processes together, from /proc or process.cpuUsage()).
 * Loopback only; aborts after BENCH_DEADLINE_MS (default 170 s); stops every
 * process, deletes this run's Redis keys and drops the database.
 * Last line: `cross-process p99 ours X ms; hocuspocus Y ms; ratio R`.
 */
import os from "node:os";
import pg from "pg";
import { connectRedis, whenRedisReady } from "../app/redis/connection.server";
import {
  drive,
  Fleet,
  hocuspocusConnector,
  percentile,
  ServerProcess,
  sleep,
  StandaloneCollab,
  until,
  yWebsocketConnector,
} from "./collab-harness";

const DOCUMENTS = 50;
const CLIENTS_PER_DOCUMENT = 4;
const UPDATES_PER_SECOND = 100;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 20_000);
const WARMUP_MS = 2_000;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";

type Side = "ours" | "hocuspocus";
const SIDES: Side[] = ["ours", "hocuspocus"];

interface Server {
  readonly port: number;
  cpuMicros(): Promise<number>;
  stop(): Promise<unknown>;
}

type Step = () => Promise<unknown>;
const cleanups: Step[] = [];
let closing: Promise<void> | undefined;
async function runStep(step: Step) {
  try {
    await step();
  } catch (error) {
    console.error("cleanup:", error instanceof Error ? error.message : error);
  }
}
/** Registers an undo step; once cleanup has begun (deadline), it runs right after the others. */
function onCleanup(step: Step) {
  if (closing) closing = closing.then(() => runStep(step));
  else cleanups.push(step);
}
/** Runs every step once, last registered first: clients, then servers, then Redis keys and the database. */
function cleanUp(): Promise<void> {
  closing ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) await runStep(step);
  })();
  return closing;
}

const deadline = setTimeout(() => {
  console.error("benchmark exceeded its deadline; aborting");
  const forced = setTimeout(() => process.exit(1), 20_000);
  forced.unref();
  void cleanUp().finally(() => process.exit(1));
}, Number(process.env.BENCH_DEADLINE_MS ?? 170_000));
deadline.unref();
// Each y-websocket provider in Node adds a process "exit" listener.
process.setMaxListeners(1_000);

function databaseUrl(admin: string, database: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Deletes every key matching `pattern` (SCAN, bounded); returns how many. */
async function deleteKeys(redisUrl: string, patterns: string[]): Promise<number> {
  const redis = connectRedis(redisUrl, { name: "bench-cleanup" });
  try {
    await whenRedisReady(redis, 5_000);
    let deleted = 0;
    for (const pattern of patterns) {
      let cursor = "0";
      for (let round = 0; round < 10_000; round += 1) {
        const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        if (keys.length > 0) deleted += await redis.del(...keys);
        cursor = next;
        if (cursor === "0") break;
      }
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}

interface Result {
  samples: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  directionP99: [number, number];
  sameP50: number;
  sameP99: number;
  cpuMsPer1000Updates: number;
}

function summarize(fleet: Fleet, cpuMicros: number, updates: number): Result {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const cross = sorted(fleet.crossLatencies.flat());
  const same = sorted(fleet.sameLatencies);
  return {
    samples: cross.length,
    // Each update reaches the 2 clients of its document on the other process.
    expected: updates * (CLIENTS_PER_DOCUMENT / 2),
    p50: percentile(cross, 50),
    p99: percentile(cross, 99),
    max: cross.at(-1) ?? NaN,
    directionP99: [percentile(sorted(fleet.crossLatencies[0]), 99), percentile(sorted(fleet.crossLatencies[1]), 99)],
    sameP50: percentile(same, 50),
    sameP99: percentile(same, 99),
    cpuMsPer1000Updates: cpuMicros / 1000 / (updates / 1000),
  };
}

async function startServers(runId: string): Promise<Record<Side, [Server, Server]>> {
  // Redis reachable (and the database server) before anything starts.
  const probe = connectRedis(REDIS_URL, { name: "bench-probe" });
  await whenRedisReady(probe, 5_000).finally(() => probe.disconnect());

  const database = `bench_collab_scale_${runId}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  onCleanup(() => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  const redisPrefix = `bench-collab-scale-${runId}`;
  onCleanup(async () => {
    const deleted = await deleteKeys(REDIS_URL, [`${redisPrefix}*`]);
    if (deleted > 0) console.log(`removed ${deleted} Redis keys of this run`);
  });

  const servers: Server[] = [];
  const hocuspocus = await Promise.all(
    [1, 2].map(async () => {
      const server = await ServerProcess.start("hocuspocus", { BENCH_REDIS_URL: REDIS_URL, BENCH_REDIS_PREFIX: `${redisPrefix}-hocuspocus` });
      const wrapped: Server = { port: server.port, cpuMicros: () => server.cpuMicros(), stop: () => server.request("stop") };
      servers.push(wrapped);
      return wrapped;
    }),
  ).catch(async (error: unknown) => {
    await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
    throw error;
  });
  onCleanup(() => Promise.all(hocuspocus.map((server) => server.stop().catch(() => undefined))));

  // One after the other: the first applies the migrations to the empty database.
  const env = {
    DATABASE_URL: databaseUrl(PG_ADMIN_URL, database),
    REDIS_URL,
    REDIS_PREFIX: `${redisPrefix}-ours:`,
    COLLAB_MAX_CONNECTIONS_PER_IP: "10000",
    LOG_LEVEL: "info",
  };
  const ours: StandaloneCollab[] = [];
  onCleanup(() => Promise.all(ours.map((server) => server.stop())));
  ours.push(await StandaloneCollab.start("collab-1", env));
  ours.push(await StandaloneCollab.start("collab-2", env));
  return { ours: [ours[0], ours[1]], hocuspocus: [hocuspocus[0], hocuspocus[1]] };
}

async function main() {
  console.log(
    `collab scale-out benchmark: per side ${DOCUMENTS} documents × ${CLIENTS_PER_DOCUMENT} clients split 2 + 2 across 2 processes joined by Redis, ` +
      `~${UPDATES_PER_SECOND} updates/s, ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s measured, both sides driven together, loopback`,
  );
  const loadAtStart = os.loadavg()[0];
  const runId = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  const results = {} as Record<Side, Result>;
  try {
    const servers = await startServers(runId);
    const fleets: Record<Side, Fleet> = {
      ours: new Fleet(servers.ours.map(yWebsocketConnector), DOCUMENTS, CLIENTS_PER_DOCUMENT),
      hocuspocus: new Fleet(servers.hocuspocus.map(hocuspocusConnector), DOCUMENTS, CLIENTS_PER_DOCUMENT),
    };
    onCleanup(async () => SIDES.forEach((side) => fleets[side].destroy()));
    await until(() => SIDES.every((side) => fleets[side].synced), 60_000, "clients synced");
    const cpu = async (side: Side) => (await Promise.all(servers[side].map((server) => server.cpuMicros()))).reduce((a, b) => a + b, 0);

    await drive(Object.values(fleets), WARMUP_MS, UPDATES_PER_SECOND);
    const cpuBefore = { ours: await cpu("ours"), hocuspocus: await cpu("hocuspocus") };
    SIDES.forEach((side) => (fleets[side].recording = true));
    await drive(Object.values(fleets), MEASURE_MS, UPDATES_PER_SECOND);
    const cpuAfter = { ours: await cpu("ours"), hocuspocus: await cpu("hocuspocus") };
    await sleep(1_000); // late arrivals still count
    SIDES.forEach((side) => (fleets[side].recording = false));
    const updates = Math.floor((MEASURE_MS / 1000) * UPDATES_PER_SECOND);
    for (const side of SIDES) results[side] = summarize(fleets[side], cpuAfter[side] - cpuBefore[side], updates);
  } finally {
    await cleanUp();
  }

  const { ours, hocuspocus } = results;
  const f = (n: number, digits = 2) => (Number.isNaN(n) ? "n/a" : n.toFixed(digits));
  const rows: [string, string, string][] = [
    ["cross-process arrivals (of expected)", `${ours.samples}/${ours.expected}`, `${hocuspocus.samples}/${hocuspocus.expected}`],
    ["cross-process p50 (ms)", f(ours.p50), f(hocuspocus.p50)],
    ["cross-process p99 (ms)", f(ours.p99), f(hocuspocus.p99)],
    ["cross-process max (ms)", f(ours.max), f(hocuspocus.max)],
    ["cross-process p99, 1→2 / 2→1 (ms)", ours.directionP99.map((n) => f(n)).join(" / "), hocuspocus.directionP99.map((n) => f(n)).join(" / ")],
    ["same-process p50 / p99 (ms)", `${f(ours.sameP50)} / ${f(ours.sameP99)}`, `${f(hocuspocus.sameP50)} / ${f(hocuspocus.sameP99)}`],
    ["server CPU per 1000 updates, 2 processes (ms)", f(ours.cpuMsPer1000Updates, 0), f(hocuspocus.cpuMsPer1000Updates, 0)],
  ];
  // Both sides share the machine; a load above the core count inflates every tail alike.
  console.log(`machine load average (1 min) at start / end: ${f(loadAtStart)} / ${f(os.loadavg()[0])} on ${os.availableParallelism()} cores`);
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`${"metric".padEnd(width)} | ${"ours".padStart(17)} | hocuspocus`);
  for (const [metric, a, b] of rows) console.log(`${metric.padEnd(width)} | ${a.padStart(17)} | ${b}`);
  console.log(`cross-process p99 ours ${f(ours.p99)} ms; hocuspocus ${f(hocuspocus.p99)} ms; ratio ${f(ours.p99 / hocuspocus.p99)}`);
  process.exit(0);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanUp();
  process.exit(1);
});
