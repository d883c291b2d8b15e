/**
 * The relevance sets of bench/relevance/ against a real Meilisearch with fresh
 * data: the portal's search and the plain BM25 baseline, scored in the same
 * run (`npm run bench:relevance` prints the same figures with every miss).
 * The thresholds pin what the portal reaches today (docs/decisions/0080), so a
 * change that ranks worse fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSearch } from "~/search/client.server";
import { loadRelevanceLibrary, runRelevance, SEEDS_DIR, type RelevanceReport } from "../../../bench/support/relevance";
import { setupPracticeContext } from "./support";
import fs from "node:fs";

describe.skipIf(!fs.existsSync(SEEDS_DIR))("search relevance on the demo library and the seed write-ups", () => {
  let ctx: Awaited<ReturnType<typeof setupPracticeContext>>;
  let reports: RelevanceReport[];

  beforeAll(async () => {
    ctx = await setupPracticeContext();
    const keys = await loadRelevanceLibrary(ctx.handle.db);
    expect(keys.size).toBe(18);
    reports = await runRelevance(ctx.handle.db, getSearch().client!, keys, { strategies: false });
  }, 60_000);
  afterAll(async () => ctx?.close());

  it("tuning set: an expected practice in the top 3 for at least 45 of 50 queries, all of them for 38", () => {
    const tuning = reports.find((r) => r.set === "tuning")!;
    console.info(`relevance tuning: portal any ${tuning.portal.any} all ${tuning.portal.all}; bm25 any ${tuning.bm25.any} all ${tuning.bm25.all}`);
    expect(tuning.portal.queries).toBeGreaterThanOrEqual(40);
    expect(tuning.portal.any).toBeGreaterThanOrEqual(45);
    expect(tuning.portal.all).toBeGreaterThanOrEqual(38);
    // The baseline runs on the same texts in the same run.
    expect(tuning.bm25.queries).toBe(tuning.portal.queries);
  });

  it("held-out set (never used to tune): at least 18 of 20 and 17 of 20, not below BM25 on «all»", () => {
    const heldout = reports.find((r) => r.set === "heldout")!;
    console.info(`relevance heldout: portal any ${heldout.portal.any} all ${heldout.portal.all}; bm25 any ${heldout.bm25.any} all ${heldout.bm25.all}`);
    expect(heldout.portal.any).toBeGreaterThanOrEqual(18);
    expect(heldout.portal.all).toBeGreaterThanOrEqual(17);
    expect(heldout.portal.all).toBeGreaterThanOrEqual(heldout.bm25.all);
  });
});
