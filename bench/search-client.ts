/*
 * Client-side search latency against the embedded Meilisearch, in one run:
 * the JS client on Node's fetch vs on our node:http keep-alive httpClient,
 * next to the engine's own processingTimeMs (and, for reference, fetch asking
 * for uncompressed answers).
 *
 *   npx tsx bench/search-client.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Meilisearch, type SearchParams } from "meilisearch";
import { createSearchClient } from "../app/search/client.server.ts";
import { startEmbeddedMeilisearch } from "../app/search/meili-process.server.ts";

const DOCUMENTS = 2_000;
const QUERIES = 300;
const WARM_UP = 30;
const INDEX = "bench";

// Deterministic data and queries: runs are comparable.
function prng(seed: number) {
  return () => {
    seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
}
const random = prng(20_261_122);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const WORDS = (
  "feria laboral empleo empresa oficina municipal red territorial encuentro empresarial reunión alcalde taller " +
  "apresto entrevista currículum jóvenes mujeres capacitación oficio agrícola temporada cosecha vendimia forestal " +
  "turismo comercio servicios construcción transporte logística salud educación comuna región provincia Ñuble " +
  "Punilla San Carlos Fabián Ñiquén Chillán Coihueco sence bono subsidio contratación colocación vacante postulación " +
  "fondo concursable proyecto meta indicador seguimiento acuerdo minuta asistencia tabla planificación actividad " +
  "difusión radio comunidad junta vecinos liceo técnico profesional práctica aprendiz inclusión discapacidad migrante " +
  "emprendimiento cooperativa feria libre mercado digital habilidades competencias certificación licencia conducir"
).split(/\s+/);
const REGIONS = ["Ñuble", "Biobío", "Maule", "Araucanía"];

function sentence(words: number): string {
  return Array.from({ length: words }, () => pick(WORDS)).join(" ");
}

function documents() {
  return Array.from({ length: DOCUMENTS }, (_, i) => ({
    id: String(i + 1),
    title: sentence(between(5, 10)),
    summary: sentence(between(20, 40)),
    body: sentence(between(60, 100)),
    region: pick(REGIONS),
    tags: Array.from({ length: between(1, 4) }, () => pick(WORDS)),
  }));
}

// One or two words; the limit sets the answer size (each hit is ~1.2 KB of JSON).
const queries: { q: string; params: SearchParams }[] = Array.from({ length: QUERIES }, () => ({
  q: between(1, 2) === 1 ? pick(WORDS) : `${pick(WORDS)} ${pick(WORDS)}`,
  params: { limit: between(2, 7) },
}));

type Client = Pick<Meilisearch, "index">;

async function timed(client: Client, query: (typeof queries)[number]) {
  const started = performance.now();
  const result = await client.index(INDEX).search(query.q, query.params);
  const ms = performance.now() - started;
  return { ms, engineMs: result.processingTimeMs, bytes: Buffer.byteLength(JSON.stringify(result)) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const fmt = (n: number) => n.toFixed(2).padStart(7);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-bench-"));
  const logger = { info: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };
  const engine = await startEmbeddedMeilisearch({ dataDir, logger });
  try {
    const keepAlive = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
    const fetchClient = new Meilisearch({ host: engine.url, apiKey: engine.masterKey }); // Node's fetch
    // For reference: fetch without compression, which is what stalls (see http-client.server.ts).
    const identityClient = new Meilisearch({
      host: engine.url,
      apiKey: engine.masterKey,
      requestInit: { headers: { "Accept-Encoding": "identity" } },
    });
    const clients = { fetch: fetchClient, keepAlive, identity: identityClient };

    const indexing = performance.now();
    const docs = documents();
    for (let i = 0; i < docs.length; i += 500) {
      const task = await keepAlive.index(INDEX).addDocuments(docs.slice(i, i + 500), { primaryKey: "id" }).waitTask({ timeout: 120_000 });
      if (task.status !== "succeeded") throw new Error(`indexing failed: ${JSON.stringify(task.error)}`);
    }
    console.log(`indexed ${docs.length} documents in ${((performance.now() - indexing) / 1000).toFixed(1)} s`);

    for (const query of queries.slice(0, WARM_UP)) {
      for (const client of Object.values(clients)) await timed(client, query);
    }

    const names = ["fetch", "keepAlive", "identity"] as const;
    const samples = { fetch: [] as number[], keepAlive: [] as number[], identity: [] as number[], engine: [] as number[], bytes: [] as number[] };
    for (const [i, query] of queries.entries()) {
      // Rotate who goes first, so none always meets a warmer cache.
      for (let k = 0; k < names.length; k += 1) {
        const name = names[(i + k) % names.length];
        const sample = await timed(clients[name], query);
        samples[name].push(sample.ms);
        samples.engine.push(sample.engineMs);
        if (name === "keepAlive") samples.bytes.push(sample.bytes);
      }
    }

    const kb = (n: number) => (n / 1024).toFixed(1);
    console.log(
      `${QUERIES} queries × 3 clients; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs; response size p5 ${kb(percentile(samples.bytes, 5))} KB, ` +
        `p50 ${kb(percentile(samples.bytes, 50))} KB, p95 ${kb(percentile(samples.bytes, 95))} KB`,
    );
    console.log("                        p50 ms   p95 ms");
    const rows = [
      ["client, Node fetch", samples.fetch],
      ["client, node:http k-a", samples.keepAlive],
      ["(fetch, no gzip)", samples.identity],
      ["meilisearch (engine)", samples.engine],
    ] as const;
    for (const [label, values] of rows) {
      console.log(`${label.padEnd(22)} ${fmt(percentile(values, 50))}  ${fmt(percentile(values, 95))}`);
    }
    const x = percentile(samples.fetch, 95);
    const y = percentile(samples.keepAlive, 95);
    const z = percentile(samples.engine, 95);
    console.log(`client p95 fetch ${x.toFixed(2)} ms; keep-alive ${y.toFixed(2)} ms; meilisearch ${z} ms; ratio X/Y ${(x / y).toFixed(1)}`);
  } finally {
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
