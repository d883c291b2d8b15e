/**
 * Background job: applies the index settings once per search client (and
 * again after a failure), rebuilds indexes whose documents have an older
 * shape, then drains the practice search outbox.
 */
import { gt } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { practiceSearchOutbox } from "~/db/schema";
import type { BackgroundJob } from "~/jobs/job";
import { getSearch } from "~/search/client.server";
import { getLogger } from "~/utils/logger.server";
import { processPracticeSearchOutbox } from "./search/outbox.server.ts";
import { reindexAllPractices } from "./search/reindex.server.ts";
import { ensurePracticeIndexes, hasOutdatedDocuments } from "./search/settings.server.ts";

/** Search clients whose index settings were applied in this process. */
const configured = new WeakSet<object>();

export async function syncPracticeSearch(): Promise<{ pushed: number; failed: number } | null> {
  const search = getSearch();
  if (search.status !== "ok" || !search.client) return null;
  if (!configured.has(search.client)) {
    await ensurePracticeIndexes(search.client);
    if (await hasOutdatedDocuments(search.client)) {
      getLogger().info("[buenas prácticas] el índice tiene documentos de una versión anterior: se reconstruye desde la base de datos");
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

/** Every 2 s, at start, and at once when the engine comes back after a restart (the outbox catches up). */
export const practicesJobs: BackgroundJob[] = [
  {
    name: "practices-search-sync",
    everyMs: 2_000,
    runAtStart: true,
    run: syncPracticeSearch,
    // Rows that failed while the engine was down wait up to minutes (backoff): due now.
    searchReturned: async () => {
      await getDb().update(practiceSearchOutbox).set({ nextAttemptAt: new Date() }).where(gt(practiceSearchOutbox.nextAttemptAt, new Date()));
    },
  },
];
