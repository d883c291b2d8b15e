/** Entry point for routes: Meilisearch when healthy, the database listing otherwise. */
import type { Database } from "~/db/client.server";
import { regions } from "~/db/schema";
import { getSearch } from "~/search/client.server";
import type { PracticeSearchParams } from "../schema.ts";
import { loadPracticeTaxonomies, type PracticeTaxonomies } from "../taxonomies.server.ts";
import { searchWithDatabase } from "./fallback.server.ts";
import { searchWithMeilisearch, type PracticeSearchResult, type SearchScope } from "./query.server.ts";

const holder = globalThis as { __practiceRegionCodes?: Set<string>; __practiceTaxonomyCache?: WeakMap<object, { at: number; value: PracticeTaxonomies }> };

/** The search path reads the taxonomies on every request: keep them briefly (Nivel Central edits are rare). */
const TAXONOMY_TTL_MS = 30_000;
async function cachedTaxonomies(db: Database): Promise<PracticeTaxonomies> {
  const cache = (holder.__practiceTaxonomyCache ??= new WeakMap());
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TAXONOMY_TTL_MS) return hit.value;
  const value = await loadPracticeTaxonomies(db);
  cache.set(db, { at: Date.now(), value });
  return value;
}

/** Region codes never change while the portal runs: read them once. */
async function knownRegionCodes(db: Database): Promise<Set<string>> {
  if (holder.__practiceRegionCodes?.size) return holder.__practiceRegionCodes;
  const codes = new Set((await db.select({ code: regions.code }).from(regions)).map((r) => r.code));
  if (codes.size > 0) holder.__practiceRegionCodes = codes;
  return codes;
}

export async function searchPractices(db: Database, rawParams: PracticeSearchParams, scope: SearchScope): Promise<PracticeSearchResult> {
  const [taxonomies, regionCodes] = await Promise.all([cachedTaxonomies(db), knownRegionCodes(db)]);
  // Unknown facet values (a stale link, a typo in a hand-written URL) are ignored, not an error.
  const params = { ...rawParams, region: rawParams.region.filter((r) => regionCodes.has(r)) };
  const search = getSearch();
  if (search.status === "ok" && search.client) {
    try {
      return await searchWithMeilisearch(search.client, params, taxonomies, scope);
    } catch (error) {
      // Logged, not thrown: visitors get the degraded listing instead of an error page.
      console.warn("[buenas prácticas] búsqueda degradada:", error instanceof Error ? error.message : error);
    }
  }
  return searchWithDatabase(db, params, taxonomies, scope);
}
