/** Entry point for routes: Meilisearch when healthy, the database listing otherwise. */
import type { Database } from "~/db/client.server";
import { getSearch } from "~/search/client.server";
import type { PracticeSearchParams } from "../schema.ts";
import { loadPracticeTaxonomies } from "../taxonomies.server.ts";
import { searchWithDatabase } from "./fallback.server.ts";
import { searchWithMeilisearch, type PracticeSearchResult, type SearchScope } from "./query.server.ts";

export async function searchPractices(db: Database, params: PracticeSearchParams, scope: SearchScope): Promise<PracticeSearchResult> {
  const taxonomies = await loadPracticeTaxonomies(db);
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
