/**
 * `npm run bench:search`: how much the portal adds on top of Meilisearch.
 *
 * 1. A fresh PGlite database and embedded Meilisearch in a temporary folder.
 * 2. 10,000 generated practices (fixed seed: every run indexes the same data),
 *    indexed with the same reindex code as `npm run search:reindex`.
 * 3. A fixed query mix (words, typos, no accents, synonyms, filters, sorting,
 *    pages) run against Meilisearch for its own `processingTimeMs`, then
 *    against the `/api/practicas` route over HTTP at concurrency 10, served by
 *    the portal's own Express app and Remix build (npm run build first).
 * Meilisearch p95 is its own processingTimeMs for the route's requests, read from the
 * route's Server-Timing header (same load); overhead = route p95 − Meilisearch p95.
 * The last line reads: `search route p95 X ms; meilisearch p95 Y ms; overhead Z ms`.
 * Goal: overhead ≤ 20 ms, Y ≤ 50 ms.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, setDatabase } from "~/db/client.server";
import { practices } from "~/db/schema";
import { loadEnv, setEnv } from "~/env.server";
import { richFromText } from "~/features/practices/content.server";
import { parseSearchParams } from "~/features/practices/schema";
import { searchWithMeilisearch } from "~/features/practices/search/query.server";
import { reindexAllPractices } from "~/features/practices/search/reindex.server";
import { loadPracticeTaxonomies, seedPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { loadTerritory } from "~/features/territory/territory.server";
import { createSearchClient, setSearch } from "~/search/client.server";
import { startEmbeddedMeilisearch } from "~/search/meili-process.server";
import { createApp, defaultPaths } from "../server/app.ts";

const PRACTICES = Number(process.env.BENCH_PRACTICES ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = 10;

const QUERY_MIX = [
  "q=feria+laboral",
  "q=alcalde",
  "q=colocasion",
  "q=nuble",
  "q=apresto",
  "q=oficina+municipal+de+informacion+laboral",
  "q=empresas&ambito=articulacion-empresas-gremios",
  "q=taller+remoto&region=16",
  "ambito=articulacion-entre-comunas&beneficiario=buscadores-empleo",
  "q=mesa+intersectorial&orden=fecha",
  "q=capacitacion&anio=2024&page=2",
  "",
  "q=terapeuta+ocupacional",
  "q=whatsapp+coordinacion&tipo=red_territorial",
  "q=vinculacion+empresas+rurales&page=3",
  "q=fondos+concursables+bases",
];

/** Small deterministic PRNG (mulberry32) so every run generates the same library. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ["Feria laboral", "Taller de apresto laboral", "Reunión con el alcalde", "Mesa intersectorial", "Encuentro empresarial", "Visitas a empresas", "Ruta de colocación", "Bolsa de empleo", "Capacitación en oficios", "Terapeuta ocupacional compartida", "Coordinación de la red", "Seguimiento de personas colocadas"];
const PLACES = ["Chillán", "San Carlos", "Ñiquén", "San Fabián", "Coihueco", "Quillón", "Valdivia", "Osorno", "Temuco", "Talca", "Curicó", "Rancagua", "Valparaíso", "Punta Arenas", "Copiapó", "La Serena", "Concepción", "Los Ángeles"];
const SENTENCES = [
  "La oficina municipal coordinó a las empresas del territorio para ofrecer vacantes de temporada.",
  "Las personas buscadoras de empleo recibieron orientación laboral y preparación para entrevistas.",
  "El equipo OMIL registró cada atención en la Bolsa Nacional de Empleo para no duplicar el trabajo.",
  "La Dirección Regional acompañó la planificación y revisó los resultados con la red territorial.",
  "Se organizaron talleres remotos grabados para las comunas con poca conectividad.",
  "Los gremios locales aportaron espacios y difundieron la convocatoria entre sus socios.",
  "La colocación de personas aumentó respecto del año anterior según los registros de la oficina.",
  "El municipio facilitó transporte para que las personas de sectores rurales pudieran asistir.",
  "La red acordó metas comunes y un calendario de actividades para todo el año.",
  "Se presentó al alcalde un resumen breve con las cifras de la oficina y sus necesidades.",
  "Las mesas intersectoriales sumaron a SENADIS, SENDA y SERNAMEG en la derivación de casos.",
  "La vinculación con empresas se sostuvo con visitas periódicas y un registro de compromisos.",
];

async function generate(db: Awaited<ReturnType<typeof openDatabase>>["db"]) {
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const taxonomies = await loadPracticeTaxonomies(db);
  const regionCodes = ["05", "07", "08", "09", "10", "12", "13", "14", "16"];
  const text = (n: number) => Array.from({ length: n }, () => pick(SENTENCES)).join(" ");
  for (let start = 0; start < PRACTICES; start += 500) {
    const rows = Array.from({ length: Math.min(500, PRACTICES - start) }, (_, k) => {
      const i = start + k;
      const ambitos = [...new Set([pick(taxonomies.ambitos).slug, pick(taxonomies.ambitos).slug])];
      const content = Object.fromEntries(
        ["effectiveness", "replicability", "origin", "benefits", "impact", "implementation", "difficulties", "peopleInvolved", "needs", "improvements"].map((key) => [key, richFromText(text(2 + Math.floor(random() * 3)))]),
      );
      return {
        slug: `bench-${i}`,
        status: random() < 0.9 ? ("published" as const) : ("draft" as const),
        title: `${pick(TOPICS)} en ${pick(PLACES)} ${i}`,
        organizationName: `OMIL de ${pick(PLACES)}`,
        organizationType: pick(["omil", "red_territorial", "direccion_regional"] as const),
        regionCode: pick(regionCodes),
        year: 2015 + Math.floor(random() * 12),
        ambitos,
        beneficiarios: [pick(taxonomies.beneficiarios).slug],
        content,
        publishedAt: new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000),
      };
    });
    await db.insert(practices).values(rows);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (v: number) => v.toFixed(1);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-bench-"));
setEnv(loadEnv({ NODE_ENV: "production", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000", AUTH_SECRET: "bench-secret-that-is-long-enough-123456" }));
const handle = await openDatabase({ dataDir });
setDatabase(handle);
const engine = await startEmbeddedMeilisearch({ dataDir, logger: { info() {}, warn: console.warn, error: console.error } });
const client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
setSearch({ status: "ok", client });
let server: http.Server | undefined;
try {
  await loadTerritory(handle.db);
  await seedPracticeTaxonomies(handle.db);
  let t = performance.now();
  await generate(handle.db);
  console.log(`Generadas ${PRACTICES} prácticas en ${ms((performance.now() - t) / 1000)} s`);
  t = performance.now();
  const indexed = await reindexAllPractices(handle.db, client);
  console.log(`Indexadas ${indexed.total} (${indexed.published} públicas) en ${ms((performance.now() - t) / 1000)} s`);

  // Meilisearch's own time for the same multi-search the route sends.
  const taxonomies = await loadPracticeTaxonomies(handle.db);
  const engineTimes: number[] = [];
  for (let i = 0; i < REQUESTS / 2; i += 1) {
    const params = parseSearchParams(new URLSearchParams(QUERY_MIX[i % QUERY_MIX.length]));
    const result = await searchWithMeilisearch(client, params, taxonomies, { kind: "public" });
    engineTimes.push(result.processingTimeMs ?? 0);
  }

  // The real HTTP stack: Express (helmet, compression) and the Remix build's route.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const paths = defaultPaths(root);
  if (!fs.existsSync(paths.serverBuild)) throw new Error("Ejecute `npm run build` antes del benchmark.");
  const build = (await import(pathToFileURL(paths.serverBuild).href)) as ServerBuild;
  server = http.createServer(createApp({ build, buildDir: paths.buildDir, publicDir: paths.publicDir, version: "bench", collabStatus: () => "ok" }));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  /** Latency seen by the client, and the engine time the route reported for that same request. */
  const get = (query: string) =>
    new Promise<{ total: number; engine: number }>((resolve, reject) => {
      const started = performance.now();
      http
        .get({ host: "127.0.0.1", port, path: `/api/practicas?${query}`, agent }, (res) => {
          res.resume();
          const engine = Number(/meili;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""))?.[1] ?? NaN);
          res.on("end", () => (res.statusCode === 200 && !Number.isNaN(engine) ? resolve({ total: performance.now() - started, engine }) : reject(new Error(`HTTP ${res.statusCode} sin tiempo de Meilisearch`))));
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
  const routeTimes: number[] = [];
  const engineUnderLoad: number[] = [];
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const timing = await get(QUERY_MIX[i % QUERY_MIX.length]);
        routeTimes.push(timing.total);
        engineUnderLoad.push(timing.engine);
      }
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  agent.destroy();
  const routeP95 = percentile(routeTimes, 95);
  // Meilisearch's own time for the route's requests, under the same load (summed over the multi-search queries).
  const engineP95 = percentile(engineUnderLoad, 95);
  console.log(`meilisearch processingTimeMs, una búsqueda a la vez: p50 ${ms(percentile(engineTimes, 50))} ms, p95 ${ms(percentile(engineTimes, 95))} ms (${engineTimes.length} búsquedas)`);
  console.log(`meilisearch processingTimeMs, con concurrencia ${CONCURRENCY}: p50 ${ms(percentile(engineUnderLoad, 50))} ms, p95 ${ms(engineP95)} ms`);
  console.log(`/api/practicas una solicitud a la vez, tiempo fuera de Meilisearch: p50 ${ms(percentile(sequential, 50))} ms, p95 ${ms(percentile(sequential, 95))} ms`);
  console.log(`carga de la máquina (1 min): ${os.loadavg()[0].toFixed(1)} en ${os.cpus().length} núcleos`);
  console.log(`/api/practicas por HTTP, concurrencia ${CONCURRENCY}: p50 ${ms(percentile(routeTimes, 50))} ms, p95 ${ms(routeP95)} ms (${REQUESTS} solicitudes, ${ms(REQUESTS / seconds)} req/s)`);
  console.log(`search route p95 ${ms(routeP95)} ms; meilisearch p95 ${ms(engineP95)} ms; overhead ${ms(routeP95 - engineP95)} ms`);
} finally {
  server?.close();
  setSearch(undefined);
  await engine.stop();
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
