/**
 * `npm run bench:relevance`: does the portal's search rank like a person expects?
 *
 * A fresh PGlite database and embedded Meilisearch in a temporary folder; the
 * demo library (content/practices) plus the seed write-ups (../shared/seeds)
 * imported through the portal's import path; the query sets of
 * bench/relevance/ (tuning.json; heldout.json and fresh.json, written before
 * tuning; unseen.json, written by someone who never saw the search) scored
 * top-3 "any" (an expected practice in the top 3) and "all" (every expected
 * one) for the portal's search and, in the same run, for a plain BM25
 * baseline over the same texts. Also the plain query (no word weights) under
 * each Meilisearch matching strategy, for the record. `--verbose` lists every
 * miss (keep it off for unseen.json if it is to stay unseen).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, setDatabase } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { loadTerritory } from "~/features/territory/territory.server";
import { createSearchClient } from "~/search/client.server";
import { startEmbeddedMeilisearch } from "~/search/meili-process.server";
import { loadRelevanceLibrary, runRelevance, type SetScore } from "./support/relevance.ts";

const verbose = process.argv.includes("--verbose");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-relevance-"));
setEnv(loadEnv({ NODE_ENV: "production", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000", AUTH_SECRET: "bench-secret-that-is-long-enough-123456" }));
const handle = await openDatabase({ dataDir });
setDatabase(handle);
const engine = await startEmbeddedMeilisearch({ dataDir, logger: { info() {}, warn: console.warn, error: console.error } });
try {
  await loadTerritory(handle.db);
  const keys = await loadRelevanceLibrary(handle.db);
  const client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
  const reports = await runRelevance(handle.db, client, keys);
  const fmt = (s: SetScore) => `any ${s.any}/${s.queries}, all ${s.all}/${s.queries} (${((100 * s.all) / s.queries).toFixed(0)} %)`;
  console.log(`Biblioteca: ${keys.size} prácticas (${[...keys.keys()].filter((k) => k.startsWith("seed:")).length} de los documentos fuente)`);
  for (const r of reports) {
    console.log(`\n[${r.set}] ${r.portal.queries} consultas, top 3`);
    console.log(`  portal            ${fmt(r.portal)}`);
    console.log(`  BM25 (okapibm25)  ${fmt(r.bm25)}`);
    for (const [name, s] of Object.entries(r.strategies) as [string, SetScore][]) console.log(`  estrategia ${name.padEnd(9)} ${fmt(s)}`);
    if (verbose) {
      for (const o of r.portal.outcomes.filter((o) => !o.all)) console.log(`  ✗ portal ${o.any ? "(parcial)" : ""} «${o.q}» → ${o.top.join(", ") || "sin resultados"} | esperadas: ${o.expected.join(", ")}`);
      for (const o of r.bm25.outcomes.filter((o) => !o.all)) console.log(`  ✗ bm25 ${o.any ? "(parcial)" : ""} «${o.q}» → ${o.top.join(", ") || "sin resultados"}`);
    }
  }
  const line = reports.map((r) => `${r.set} portal any ${r.portal.any}/${r.portal.queries} all ${r.portal.all}/${r.portal.queries}, bm25 any ${r.bm25.any}/${r.bm25.queries} all ${r.bm25.all}/${r.bm25.queries}`);
  console.log(`\nrelevance: ${line.join("; ")}`);
} finally {
  await engine.stop();
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
