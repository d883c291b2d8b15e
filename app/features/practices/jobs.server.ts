/**
 * Background job: applies the index settings once per search client (and
 * again after a failure), rebuilds indexes whose documents have an older
 * shape, then drains the practice search outbox.
 */
import { getDb } from "~/db/client.server";
import { registerJob } from "~/jobs/registry.server";
import { getSearch } from "~/search/client.server";
import { processPracticeSearchOutbox } from "./search/outbox.server.ts";
import { reindexAllPractices } from "./search/reindex.server.ts";
import { ensurePracticeIndexes, hasOutdatedDocuments } from "./search/settings.server.ts";

const configured = ((globalThis as { __practiceIndexesConfigured?: WeakSet<object> }).__practiceIndexesConfigured ??= new WeakSet<object>());

export async function syncPracticeSearch(): Promise<{ pushed: number; failed: number } | null> {
  const search = getSearch();
  if (search.status !== "ok" || !search.client) return null;
  if (!configured.has(search.client)) {
    await ensurePracticeIndexes(search.client);
    if (await hasOutdatedDocuments(search.client)) {
      console.info("[buenas prácticas] el índice tiene documentos de una versión anterior: se reconstruye desde la base de datos");
      await reindexAllPractices(getDb(), search.client);
    }
    configured.add(search.client);
  }
  let pushed = 0;
  // Drain what is due now; stop at the first failure (it backs off by itself).
  for (let pass = 0; pass < 50; pass += 1) {
    const result = await processPracticeSearchOutbox(getDb(), search.client);
    pushed += result.pushed;
    if (result.failed > 0) return { pushed, failed: result.failed };
    if (result.pushed === 0) break;
  }
  return { pushed, failed: 0 };
}

registerJob({ name: "practices-search-sync", everyMs: 2_000, runAtStart: true, run: syncPracticeSearch });
