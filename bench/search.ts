/**
 * `npm run bench:search`: how much the portal adds on top of Meilisearch.
 *
 * 1. A fresh PGlite database and embedded Meilisearch in a temporary folder.
 * 2. 10,000 generated practices (fixed seed: every run indexes the same data),
 *    indexed with the same reindex code as `npm run search:reindex`.
 * 3. A fixed query mix (words, typos, no accents, synonyms, filters, sorting,
 *    pages) run against Meilisearch for its own `processingTimeMs`, then
 *    against the `/api/practicas` route over HTTP at concurrency 10, served by
 *    the real portal: `node server/start.js` on the build (npm run build
 *    first), in its own process, default log level, on this database and
 *    this Meilisearch (bench/support/portal-process.ts).
 * 4. The same engine requests the route makes (queryEngine: one
 *    multi-search for a one-word query, the word-weighted requests of
 *    decision 0160 for a question) sent straight through the Meilisearch
 *    client ("bare client") at the same concurrency, in the same run: the
 *    ratio is what the portal adds to the same engine work. For the record,
 *    the older peer too: one plain multi-search per query.
 * 5. The search page `/buenas-practicas` through the real Remix route, one
 *    request at a time (goal p95 ≤ 100 ms).
 * The route and the bare client get the same unmeasured warm-up (BENCH_WARM_UP requests each,
 * default 1,000, at concurrency 10), then are measured in alternating blocks of 500 requests, so
 * both are measured warm and under the same load of the machine (docs/decisions/0011).
 * BENCH_CPU_PROF=<folder> profiles the portal process (node --cpu-prof);
 * BENCH_DATA_DIR=<folder> keeps the generated library for the next run.
 * The last line reads: `search route p95 X ms; bare client p95 Y ms; ratio R`
 * (X = /api/practicas at concurrency 10). Goal: R ≤ 1.15.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { openDatabase, setDatabase } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { parseSearchParams } from "~/features/practices/schema";
import { practiceMultiSearch, queryEngine } from "~/features/practices/search/query.server";
import { reindexAllPractices } from "~/features/practices/search/reindex.server";
import { loadPracticeTaxonomies, seedPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { loadTerritory } from "~/features/territory/territory.server";
import { createSearchClient, setSearch } from "~/search/client.server";
import { startEmbeddedMeilisearch } from "~/search/meili-process.server";
import { LeanConnection } from "./support/lean-http.ts";
import { generatePractices, QUERY_MIX } from "./support/library.ts";
import { processCpuMs, startBuiltPortal, waitForIdleEngine, type PortalProcess } from "./support/portal-process.ts";

const PRACTICES = Number(process.env.BENCH_PRACTICES ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = 10;
/**
 * Unmeasured requests at concurrency 10 before each measured concurrent phase, the same number for
 * the bare client and for the route: both are measured warm (JIT-compiled, heap grown), as a
 * portal that has been running is. Without it the portal process was measured after ~430
 * requests while the bench process had already sent ~3,000 searches through the same client code.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 1_000);

/** Requests per block when the route and its peer are measured in turns. */
const BLOCK = 500;

/** `count` calls of `run(i)`, CONCURRENCY at a time (a closed loop). */
async function closedLoop(count: number, run: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await run(next++);
    }),
  );
}
/** `count` calls of `run(offset + i)` in a closed loop, each one's latency added to `times` (ms). */
async function timed(count: number, offset: number, run: (i: number) => Promise<unknown>, times: number[]): Promise<void> {
  await closedLoop(count, async (i) => {
    const started = performance.now();
    const reported = await run(offset + i);
    times.push(typeof reported === "number" ? reported : performance.now() - started);
  });
}

/**
 * CPU of this process and of `pids` summed over the phases run through `during`, per request
 * (REQUESTS): where the time goes, whatever the machine's load.
 */
function cpuTally(pids: Record<string, number>) {
  const sums: Record<string, number> = { bench: 0, ...Object.fromEntries(Object.keys(pids).map((k) => [k, 0])) };
  return {
    async during(run: () => Promise<void>) {
      const bench = process.cpuUsage();
      const others = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid)]));
      await run();
      const used = process.cpuUsage(bench);
      sums.bench += (used.user + used.system) / 1000;
      for (const [k, pid] of Object.entries(pids)) sums[k] += processCpuMs(pid) - others[k];
    },
    toString: () => Object.entries(sums).map(([k, v]) => `${k} ${(v / REQUESTS).toFixed(2)} ms`).join(", "),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (v: number) => v.toFixed(1);

// BENCH_DATA_DIR=<folder>: keep the generated library there and reuse it on the next run (profiling rounds).
const keptDir = process.env.BENCH_DATA_DIR ? path.resolve(process.env.BENCH_DATA_DIR) : undefined;
const dataDir = keptDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "redomil-bench-"));
const readyMark = path.join(dataDir, `bench-ready-${PRACTICES}`);
const reuse = !!keptDir && fs.existsSync(readyMark);
setEnv(loadEnv({ NODE_ENV: "production", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000", AUTH_SECRET: "bench-secret-that-is-long-enough-123456" }));
const handle = await openDatabase({ dataDir });
setDatabase(handle);
const engine = await startEmbeddedMeilisearch({ dataDir, logger: { info() {}, warn: console.warn, error: console.error } });
const client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
setSearch({ status: "ok", client });
let portal: PortalProcess | undefined;
let databaseOpen = true;
try {
  let t = performance.now();
  if (reuse) console.log(`Biblioteca de ${PRACTICES} prácticas reutilizada de ${dataDir}`);
  else {
    await loadTerritory(handle.db);
    await seedPracticeTaxonomies(handle.db);
    await generatePractices(handle.db, PRACTICES);
    console.log(`Generadas ${PRACTICES} prácticas en ${ms((performance.now() - t) / 1000)} s`);
    t = performance.now();
    const indexed = await reindexAllPractices(handle.db, client);
    console.log(`Indexadas ${indexed.total} (${indexed.published} públicas) en ${ms((performance.now() - t) / 1000)} s`);
    if (keptDir) fs.writeFileSync(readyMark, "");
  }

  // Meilisearch alone: the same multi-search the route sends, straight through the client.
  const taxonomies = await loadPracticeTaxonomies(handle.db);
  const multiSearchFor = (i: number) => practiceMultiSearch(parseSearchParams(new URLSearchParams(QUERY_MIX[i % QUERY_MIX.length])), taxonomies, { kind: "public" });
  const engineTimes: number[] = [];
  for (let i = 0; i < REQUESTS / 2; i += 1) {
    const { results } = await client.multiSearch({ queries: multiSearchFor(i).queries });
    engineTimes.push(results.reduce((sum, r) => sum + (r.processingTimeMs ?? 0), 0));
  }
  // For the record: one plain multi-search per query (the peer before decision 0160's word weights).
  const directTimes: number[] = [];
  const direct = async (i: number) => void (await client.multiSearch({ queries: multiSearchFor(i).queries }));
  await closedLoop(WARM_UP, direct);
  const directCpu = cpuTally({ meilisearch: engine.pid });
  await directCpu.during(() => timed(REQUESTS, 0, direct, directTimes));
  // The real portal: `node server/start.js` on the built app (the build's own copy of app/, as
  // `npm start` runs it), its own process, on this database and this Meilisearch. PGlite has one
  // writer: the bench closes it first.
  await handle.close();
  databaseOpen = false;
  // BENCH_CPU_PROF=<folder>: the portal writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  portal = await startBuiltPortal({ dataDir, meiliUrl: engine.url, meiliKey: engine.masterKey, nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] });
  await waitForIdleEngine(client);
  const port = portal.port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  /** Latency seen by the client, and the engine time the route reported for that same request. */
  const get = (query: string, route = "/api/practicas") =>
    new Promise<{ total: number; engine: number }>((resolve, reject) => {
      const started = performance.now();
      http
        .get({ host: "127.0.0.1", port, path: `${route}?${query}`, agent }, (res) => {
          res.resume();
          const engine = route === "/api/practicas" ? Number(/meili;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""))?.[1] ?? NaN) : 0;
          res.on("end", () => (res.statusCode === 200 && !Number.isNaN(engine) ? resolve({ total: performance.now() - started, engine }) : reject(new Error(`HTTP ${res.statusCode} en ${route}`))));
        })
        .on("error", reject);
    });
  for (const q of QUERY_MIX) await get(q); // warm-up
  // One request at a time: the route's own cost without queueing behind other requests.
  const sequential: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const timing = await get(QUERY_MIX[i % QUERY_MIX.length]);
    sequential.push(timing.total - timing.engine);
  }
  // The search page as a browser gets it: the Remix route's HTML (root and page loaders, render), one request at a time.
  const pageTimes: number[] = [];
  for (const q of QUERY_MIX) await get(q, "/buenas-practicas");
  for (let i = 0; i < 200; i += 1) pageTimes.push((await get(QUERY_MIX[i % QUERY_MIX.length], "/buenas-practicas")).total);

  // The ratio: /api/practicas over HTTP against its peer, the engine requests the route itself makes
  // for each query (queryEngine: the word-weighted search for queries of several words, decision
  // 0160) straight through the client, both at concurrency 10 so both queue for the same 2 cores.
  // Both are warmed up alike, then measured in alternating blocks (peer, route, route, peer, …):
  // on a shared machine the load of other work changes from one minute to the next, and two phases
  // a minute apart compared the load as much as the portal.
  const engineRequestTimes: number[] = [];
  const routeTimes: number[] = [];
  const engineUnderLoad: number[] = [];
  const bare = async (i: number) => void (await queryEngine(client, parseSearchParams(new URLSearchParams(QUERY_MIX[i % QUERY_MIX.length])), taxonomies, { kind: "public" }));
  // The route's load comes from a lean client (bench/support/lean-http.ts): Node's http client cost
  // the bench ~0.3 ms of the 2 cores per request, load the bare-client phase does not carry.
  const connections = Array.from({ length: CONCURRENCY }, () => new LeanConnection("127.0.0.1", port));
  const idle = [...connections];
  const leanGet = async (query: string) => {
    const connection = idle.pop()!;
    const started = performance.now();
    try {
      const answer = await connection.get(`/api/practicas?${query}`);
      const engine = Number(/server-timing: *meili;dur=([\d.]+)/.exec(answer.head)?.[1] ?? NaN);
      if (answer.status !== 200 || Number.isNaN(engine)) throw new Error(`HTTP ${answer.status} en /api/practicas`);
      return { total: performance.now() - started, engine };
    } finally {
      idle.push(connection);
    }
  };
  const route = async (i: number) => {
    const timing = await leanGet(QUERY_MIX[i % QUERY_MIX.length]);
    engineUnderLoad.push(timing.engine);
    return timing.total;
  };
  await closedLoop(WARM_UP, bare);
  await closedLoop(WARM_UP, async (i) => void (await leanGet(QUERY_MIX[i % QUERY_MIX.length])));
  const engineRequestCpu = cpuTally({ meilisearch: engine.pid, portal: portal.pid });
  const routeCpu = cpuTally({ meilisearch: engine.pid, portal: portal.pid });
  let seconds = 0;
  const blocks = Math.ceil(REQUESTS / BLOCK);
  for (let b = 0; b < blocks; b += 1) {
    const count = Math.min(BLOCK, REQUESTS - b * BLOCK);
    const peerBlock = () => engineRequestCpu.during(() => timed(count, b * BLOCK, bare, engineRequestTimes));
    const routeBlock = async () => {
      const started = performance.now();
      await routeCpu.during(() => timed(count, b * BLOCK, route, routeTimes));
      seconds += (performance.now() - started) / 1000;
    };
    // ABBA order: neither side always follows the other.
    if (b % 2 === 0) {
      await peerBlock();
      await routeBlock();
    } else {
      await routeBlock();
      await peerBlock();
    }
  }
  agent.destroy();
  for (const connection of connections) connection.close();
  const routeP95 = percentile(routeTimes, 95);
  // Meilisearch's own time for the route's requests, under the same load (summed over the multi-search queries).
  const engineP95 = percentile(engineUnderLoad, 95);
  console.log(`meilisearch processingTimeMs, una búsqueda a la vez: p50 ${ms(percentile(engineTimes, 50))} ms, p95 ${ms(percentile(engineTimes, 95))} ms (${engineTimes.length} búsquedas)`);
  console.log(`meilisearch processingTimeMs, con concurrencia ${CONCURRENCY}: p50 ${ms(percentile(engineUnderLoad, 50))} ms, p95 ${ms(engineP95)} ms`);
  console.log(`/api/practicas una solicitud a la vez, tiempo fuera de Meilisearch: p50 ${ms(percentile(sequential, 50))} ms, p95 ${ms(percentile(sequential, 95))} ms`);
  console.log(`carga de la máquina (1 min): ${os.loadavg()[0].toFixed(1)} en ${os.cpus().length} núcleos`);
  console.log(`referencia: un multi-search simple por consulta con el cliente, concurrencia ${CONCURRENCY}: p50 ${ms(percentile(directTimes, 50))} ms, p95 ${ms(percentile(directTimes, 95))} ms`);
  console.log(`/api/practicas por HTTP, concurrencia ${CONCURRENCY}: p50 ${ms(percentile(routeTimes, 50))} ms, p95 ${ms(routeP95)} ms (${REQUESTS} solicitudes, ${ms(REQUESTS / seconds)} req/s)`);
  console.log(`página /buenas-practicas (ruta Remix, HTML), una solicitud a la vez: p50 ${ms(percentile(pageTimes, 50))} ms, p95 ${ms(percentile(pageTimes, 95))} ms (meta ≤ 100 ms)`);
  console.log(`cliente directo: las solicitudes al motor de la ruta (queryEngine), concurrencia ${CONCURRENCY}: p50 ${ms(percentile(engineRequestTimes, 50))} ms, p95 ${ms(percentile(engineRequestTimes, 95))} ms`);
  console.log(`CPU por solicitud, multi-search simple: ${directCpu}`);
  console.log(`CPU por solicitud, solicitudes al motor de la ruta: ${engineRequestCpu}`);
  console.log(`CPU por solicitud, /api/practicas: ${routeCpu}`);
  console.log(`meilisearch p95 ${ms(engineP95)} ms; tiempo de la ruta sobre meilisearch ${ms(routeP95 - engineP95)} ms`);
  const directP95 = percentile(engineRequestTimes, 95);
  console.log(`search route p95 ${ms(routeP95)} ms; bare client p95 ${ms(directP95)} ms; ratio ${(routeP95 / directP95).toFixed(2)}`);
} finally {
  await portal?.stop();
  setSearch(undefined);
  await engine.stop();
  if (databaseOpen) await handle.close();
  if (!keptDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
