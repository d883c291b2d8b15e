/** Entry point for routes: Meilisearch when healthy, the database listing otherwise. */
import type { Database } from "~/db/client.server";
import { regions } from "~/db/schema";
import { getSearch } from "~/search/client.server";
import { MAX_QUERY_CHARS, type PracticeSearchParams } from "../schema.ts";
import { meaningfulWords } from "./stop-words.ts";
import { loadPracticeTaxonomies, type PracticeTaxonomies } from "../taxonomies.server.ts";
import { getLogger } from "~/utils/logger.server";
import { searchWithDatabase } from "./fallback.server.ts";
import { searchWithMeilisearch, type PracticeSearchResult, type SearchScope } from "./query.server.ts";

// Per process (module state: the server loads app/ once, docs/decisions/0100).
const taxonomyCache = new WeakMap<object, { at: number; value: PracticeTaxonomies }>();
let regionCodes: Set<string> | undefined;

/** The search path reads the taxonomies on every request: keep them briefly (Nivel Central edits are rare). */
const TAXONOMY_TTL_MS = 30_000;
async function cachedTaxonomies(db: Database): Promise<PracticeTaxonomies> {
  const cache = taxonomyCache;
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TAXONOMY_TTL_MS) return hit.value;
  const value = await loadPracticeTaxonomies(db);
  cache.set(db, { at: Date.now(), value });
  return value;
}

/**
 * The public library's facet values, shown beside an empty result: the same for every visitor,
 * so kept as briefly as the taxonomies (a practice published meanwhile shows up within 30 s).
 */
const publicLibraryFacets = new WeakMap<object, { at: number; value: PracticeSearchResult["facets"] }>();

/** Region codes never change while the portal runs: read them once. */
async function knownRegionCodes(db: Database): Promise<Set<string>> {
  if (regionCodes?.size) return regionCodes;
  const codes = new Set((await db.select({ code: regions.code }).from(regions)).map((r) => r.code));
  if (codes.size > 0) regionCodes = codes;
  return codes;
}

export interface PracticeSearchAnswer extends PracticeSearchResult {
  /** The query has only stop words or punctuation: nothing was searched, the page shows a hint. */
  nothingToSearch: boolean;
  /** Facet values of the whole library, when this search found nothing (the filter column stays). */
  libraryFacets: PracticeSearchResult["facets"] | null;
}

/** Spanish notices about how the query was read, for the page and the API. */
export function searchNotices(params: PracticeSearchParams, result: PracticeSearchAnswer): string[] {
  const notices: string[] = [];
  if (params.shortened) {
    // The last words searched, from a whole word on.
    const tail = params.q.length > 40 ? `…${params.q.slice(-40).replace(/^\S*\s+/, "")}` : params.q;
    notices.push(`Tu búsqueda era muy larga: usamos sus primeros ${MAX_QUERY_CHARS} caracteres («${tail}» es lo último que se buscó).`);
  }
  if (result.nothingToSearch)
    notices.push("Tu búsqueda solo tiene palabras muy comunes o signos («cómo», «de», «¿?»). Escribe de qué trata la práctica que buscas, por ejemplo «feria laboral», «alcalde» o «BNE».");
  if (result.ignoredWords.length)
    notices.push(`Ninguna práctica contiene ${result.ignoredWords.map((w) => `«${w}»`).join(", ")}: se muestran las que coinciden con las demás palabras.`);
  return notices;
}

export async function searchPractices(db: Database, rawParams: PracticeSearchParams, scope: SearchScope): Promise<PracticeSearchAnswer> {
  const [taxonomies, regionCodes] = await Promise.all([cachedTaxonomies(db), knownRegionCodes(db)]);
  // Unknown facet values (a stale link, a typo in a hand-written URL) are ignored, not an error.
  const params = { ...rawParams, region: rawParams.region.filter((r) => regionCodes.has(r)) };
  // "¿?", "de la", "cómo": nothing to look for. Answer with the facets of the whole library and a hint, not every practice.
  const nothingToSearch = params.q !== "" && meaningfulWords(params.q).length === 0;
  const result = await searchOnce(db, nothingToSearch ? { ...params, q: "" } : params, taxonomies, scope);
  if (nothingToSearch) return { ...result, hits: [], total: 0, totalPages: 1, nothingToSearch, libraryFacets: result.facets };
  let libraryFacets: PracticeSearchResult["facets"] | null = null;
  if (result.total === 0) {
    const cached = scope.kind === "public" ? publicLibraryFacets.get(db) : undefined;
    if (cached && Date.now() - cached.at < TAXONOMY_TTL_MS) libraryFacets = cached.value;
    else {
      const all = await searchOnce(db, { ...params, q: "", ambito: [], beneficiario: [], region: [], tipo: [], anio: [], page: 1 }, taxonomies, scope);
      libraryFacets = all.facets;
      if (scope.kind === "public" && !all.degraded) publicLibraryFacets.set(db, { at: Date.now(), value: all.facets });
    }
  }
  return { ...result, nothingToSearch, libraryFacets };
}

async function searchOnce(db: Database, params: PracticeSearchParams, taxonomies: PracticeTaxonomies, scope: SearchScope): Promise<PracticeSearchResult> {
  const search = getSearch();
  if (search.status === "ok" && search.client) {
    try {
      return await searchWithMeilisearch(search.client, params, taxonomies, scope);
    } catch (error) {
      // Logged, not thrown: visitors get the degraded listing instead of an error page.
      getLogger().warn({ err: error }, `[buenas prácticas] búsqueda degradada: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return searchWithDatabase(db, params, taxonomies, scope);
}
