/**
 * Searching the library. Meilisearch answers normally; when it is down or
 * failing, the same function lists matching practices from the database and
 * says so (`degraded`), so the page keeps working with fewer niceties.
 *
 * Facets are disjunctive: values of one facet combine with OR, facets with
 * AND, and each facet's counts ignore its own selection (one extra query per
 * active facet in the same multi-search), so ticking a box never hides the
 * other options of that facet.
 */
import type { Meilisearch, MultiSearchQuery } from "meilisearch";
import type { Actor, MaybeActor } from "~/permissions/actor";
import { PRACTICE_ORGANIZATION_TYPES } from "~/db/schema";
import type { PracticeSearchParams } from "../schema.ts";
import type { PracticeTaxonomies } from "../taxonomies.server.ts";
import { loadSynonyms, PRIVATE_PRACTICES_INDEX, PUBLIC_PRACTICES_INDEX, synonymsForEngine } from "./settings.server.ts";
import type { PracticeSearchDocument } from "./documents.server.ts";
import { buildSnippet, highlightQueryFor, type HighlightQuery } from "./snippet.ts";
import { meaningfulWords, searchableQuery } from "./stop-words.ts";
import { queryUnits, synonymKeyIndex, weightedSearch } from "./word-weights.server.ts";

export const HITS_PER_PAGE = 10;
/**
 * How a query with words no practice has is loosened. Measured with
 * `npm run bench:relevance` (docs/decisions/0080-search-relevance.md).
 */
export const MATCHING_STRATEGY: MatchingStrategy = "last";
export type MatchingStrategy = "last" | "frequency" | "all";
/** A first page with fewer hits than this checks whether some query word matches nothing. */
const FEW_HITS = 3;

export const FACETS = {
  ambito: "ambitoSlugs",
  beneficiario: "beneficiarioSlugs",
  region: "region",
  tipo: "organizationType",
  anio: "year",
} as const;
export type FacetKey = keyof typeof FACETS;
/** The attribute the engine counts facets on: "<FacetKey>:<value>" for all five (documents.server.ts). */
const FACET_TAGS = "facetTags";

export interface PracticeHit {
  id: string;
  slug: string;
  title: string;
  organization: string;
  region: string | null;
  regionName: string;
  year: number | null;
  ambitos: string[];
  beneficiarios: string[];
  status: string;
  /** HTML-escaped text with <mark> around the matched words. */
  snippet: string;
  url: string;
}

export interface PracticeSearchResult {
  hits: PracticeHit[];
  total: number;
  page: number;
  pageSize: number;
  totalPages: number;
  /** Query words no practice contains, left out of the search (shown to the person). */
  ignoredWords: string[];
  facets: Record<FacetKey, Record<string, number>>;
  degraded: boolean;
  processingTimeMs: number | null;
}

export type SearchScope = { kind: "public" } | { kind: "private"; actor: Actor };

/** Synonyms change only with a deploy (content/): read once per process. */
let synonyms: Record<string, string[]> | undefined;
/** Compiled highlighters of recent queries (their regexes warm up with use); oldest dropped first. */
const recentQueries = new Map<string, HighlightQuery>();
const RECENT_QUERIES = 256;

export function highlightQuery(q: string): HighlightQuery {
  let query = recentQueries.get(q);
  if (!query) {
    synonyms ??= loadSynonyms();
    query = highlightQueryFor(q, synonyms);
    if (recentQueries.size >= RECENT_QUERIES) recentQueries.delete(recentQueries.keys().next().value!);
    recentQueries.set(q, query);
  }
  return query;
}

/** What a hit needs (the snippet is cut here, not by the engine: summary and body come as stored). */
const RETRIEVED = ["id", "slug", "title", "organization", "region", "regionName", "year", "ambitos", "beneficiarios", "status", "summary", "body"] as const;

const quote = (v: string | number) => JSON.stringify(String(v));

/** Drops unknown facet values (a stale or hand-written URL must not fail). */
export function validFilters(params: PracticeSearchParams, taxonomies: PracticeTaxonomies): Record<FacetKey, (string | number)[]> {
  return {
    ambito: params.ambito.filter((s) => taxonomies.ambitos.some((e) => e.slug === s)),
    beneficiario: params.beneficiario.filter((s) => taxonomies.beneficiarios.some((e) => e.slug === s)),
    region: params.region,
    tipo: params.tipo.filter((t) => (PRACTICE_ORGANIZATION_TYPES as readonly string[]).includes(t)),
    anio: params.anio,
  };
}

function scopeFilter(scope: SearchScope): string[] {
  if (scope.kind === "public") return [];
  const { actor } = scope;
  const pending = `status IN [${quote("draft")}, ${quote("in_review")}]`;
  if (actor.role === "nc_admin") return [pending];
  const own = `ownerOrganizationId = ${quote(actor.organizationId)}`;
  if (actor.role === "dr_staff" && actor.regionCode) return [pending, `(${own} OR region = ${quote(actor.regionCode)})`];
  return [pending, own];
}

function filterExpression(filters: Record<FacetKey, (string | number)[]>, scope: SearchScope, except?: FacetKey): string[] {
  const parts = scopeFilter(scope);
  for (const key of Object.keys(FACETS) as FacetKey[]) {
    if (key === except || filters[key].length === 0) continue;
    parts.push(`${FACETS[key]} IN [${filters[key].map(quote).join(", ")}]`);
  }
  return parts;
}

function toHit(doc: PracticeSearchDocument, highlight: HighlightQuery): PracticeHit {
  return {
    id: doc.id,
    slug: doc.slug,
    title: doc.title,
    organization: doc.organization,
    region: doc.region,
    regionName: doc.regionName,
    year: doc.year,
    ambitos: doc.ambitos,
    beneficiarios: doc.beneficiarios,
    status: doc.status,
    snippet: buildSnippet([doc.summary ?? "", doc.body ?? ""], highlight),
    url: `/buenas-practicas/${doc.slug}`,
  };
}

/**
 * The multi-search for a page of results: the main query (hits and the counts
 * of facets without a selection) and one count-only query per selected facet.
 */
export function practiceMultiSearch(params: PracticeSearchParams, taxonomies: PracticeTaxonomies, scope: SearchScope, matchingStrategy = MATCHING_STRATEGY) {
  const filters = validFilters(params, taxonomies);
  const indexUid = scope.kind === "public" ? PUBLIC_PRACTICES_INDEX : PRIVATE_PRACTICES_INDEX;
  const active = (Object.keys(FACETS) as FacetKey[]).filter((k) => filters[k].length > 0);
  const main: MultiSearchQuery = {
    indexUid,
    q: searchableQuery(params.q),
    filter: filterExpression(filters, scope),
    facets: [FACET_TAGS],
    hitsPerPage: HITS_PER_PAGE,
    page: params.page,
    matchingStrategy,
    attributesToRetrieve: [...RETRIEVED],
    ...(params.orden === "fecha" ? { sort: ["date:desc"] } : {}),
  };
  const facetQueries: MultiSearchQuery[] = active.map((key) => ({
    indexUid,
    q: searchableQuery(params.q),
    filter: filterExpression(filters, scope, key),
    facets: [FACET_TAGS],
    limit: 0,
    matchingStrategy,
  }));
  return { queries: [main, ...facetQueries], active };
}

export interface SearchOptions {
  matchingStrategy?: MatchingStrategy;
  /** Weigh the query's words by rarity (word-weights.server.ts); off only to measure the plain query. */
  weighWords?: boolean;
}

/** What the engine answered for a page, before it is shaped for the page and the API. */
export interface EngineAnswer {
  hits: PracticeSearchDocument[];
  total: number;
  /** facetTags counts of the main search, and of each active facet's own count query (same order as `active`). */
  mainFacets: Record<string, number> | undefined;
  activeFacets: (Record<string, number> | undefined)[];
  active: FacetKey[];
  ignoredWords: string[];
  processingTimeMs: number;
}

let synonymKeys: ReturnType<typeof synonymKeyIndex> | undefined;

/**
 * The engine's requests for a page. A query of two or more units (and the
 * relevance order) goes through the word-weighted federated search; the rest
 * through one multi-search, loosened when a word matches nothing.
 */
export async function queryEngine(
  client: Meilisearch,
  params: PracticeSearchParams,
  taxonomies: PracticeTaxonomies,
  scope: SearchScope,
  options: SearchOptions = {},
): Promise<EngineAnswer> {
  const { matchingStrategy = MATCHING_STRATEGY, weighWords = true } = options;
  synonymKeys ??= synonymKeyIndex(synonymsForEngine(loadSynonyms()));
  const units = weighWords && params.orden !== "fecha" ? queryUnits(params.q, synonymKeys.keys, synonymKeys.longest) : [];
  if (units.length >= 2) return weightedAnswer(client, params, taxonomies, scope, units);
  return plainAnswer(client, params, taxonomies, scope, matchingStrategy);
}

async function plainAnswer(client: Meilisearch, params: PracticeSearchParams, taxonomies: PracticeTaxonomies, scope: SearchScope, matchingStrategy: MatchingStrategy): Promise<EngineAnswer> {
  const { queries, active } = practiceMultiSearch(params, taxonomies, scope, matchingStrategy);
  let { results } = await client.multiSearch({ queries });
  // A word no practice has (a word of the question, a rare term) empties a strict search: leave it out, say so.
  let ignoredWords: string[] = [];
  const words = [...new Set(meaningfulWords(params.q))];
  if (params.page === 1 && words.length >= 2 && (results[0].totalHits ?? results[0].estimatedTotalHits ?? 0) < FEW_HITS) {
    const counts = await client.multiSearch({ queries: words.map((q) => ({ ...queries[0], q, limit: 0, hitsPerPage: undefined, page: undefined, facets: [] })) });
    ignoredWords = words.filter((_, i) => (counts.results[i].totalHits ?? counts.results[i].estimatedTotalHits ?? 0) === 0);
    if (ignoredWords.length > 0 && ignoredWords.length < words.length) {
      const kept = words.filter((w) => !ignoredWords.includes(w)).join(" ");
      ({ results } = await client.multiSearch({ queries: practiceMultiSearch({ ...params, q: kept }, taxonomies, scope, matchingStrategy).queries }));
    } else ignoredWords = [];
  }
  const [first, ...rest] = results;
  return {
    hits: first.hits as unknown as PracticeSearchDocument[],
    total: first.totalHits ?? first.estimatedTotalHits ?? 0,
    mainFacets: first.facetDistribution?.[FACET_TAGS],
    activeFacets: active.map((_, i) => rest[i]?.facetDistribution?.[FACET_TAGS]),
    active,
    ignoredWords,
    // The engine's time for every query of the multi-search (main + facet counts).
    processingTimeMs: results.reduce((sum, r) => sum + (r.processingTimeMs ?? 0), 0),
  };
}

async function weightedAnswer(client: Meilisearch, params: PracticeSearchParams, taxonomies: PracticeTaxonomies, scope: SearchScope, units: string[]): Promise<EngineAnswer> {
  const filters = validFilters(params, taxonomies);
  const active = (Object.keys(FACETS) as FacetKey[]).filter((k) => filters[k].length > 0);
  const answer = await weightedSearch(client, {
    indexUid: scope.kind === "public" ? PUBLIC_PRACTICES_INDEX : PRIVATE_PRACTICES_INDEX,
    filter: filterExpression(filters, scope),
    facetFilters: active.map((key) => filterExpression(filters, scope, key)),
    units,
    offset: (params.page - 1) * HITS_PER_PAGE,
    limit: HITS_PER_PAGE,
    retrieve: RETRIEVED,
    facetAttribute: FACET_TAGS,
  });
  // A unit no practice holds adds nothing; it is said (as the plain search does) when other units found something.
  const ignoredWords = answer.unitsNotFound.length < units.length ? answer.unitsNotFound : [];
  return {
    hits: answer.hits as unknown as PracticeSearchDocument[],
    total: answer.total,
    mainFacets: answer.facets,
    activeFacets: answer.facetsPerFilter,
    active,
    ignoredWords,
    processingTimeMs: answer.processingTimeMs,
  };
}

/** "<FacetKey>:<value>" split once per tag: the same few hundred tags come back with every search. */
const facetTags = new Map<string, [FacetKey, string]>();
function facetTag(tag: string): [FacetKey, string] {
  let split = facetTags.get(tag);
  if (!split) {
    const colon = tag.indexOf(":");
    split = [tag.slice(0, colon) as FacetKey, tag.slice(colon + 1)];
    // Bounded by the facet values that exist (taxonomies, regions, types, years); a guard all the same.
    if (facetTags.size >= 10_000) facetTags.clear();
    facetTags.set(tag, split);
  }
  return split;
}

export async function searchWithMeilisearch(
  client: Meilisearch,
  params: PracticeSearchParams,
  taxonomies: PracticeTaxonomies,
  scope: SearchScope,
  options: SearchOptions = {},
): Promise<PracticeSearchResult> {
  const answer = await queryEngine(client, params, taxonomies, scope, options);
  // Each facet's counts come from the query that ignores its own selection (the main one when unselected).
  const facets = Object.fromEntries((Object.keys(FACETS) as FacetKey[]).map((k) => [k, {}])) as PracticeSearchResult["facets"];
  const countsFrom = (distribution: Record<string, number> | undefined, only: (key: FacetKey) => boolean) => {
    for (const tag in distribution) {
      const [key, value] = facetTag(tag);
      if (key in facets && only(key)) facets[key][value] = distribution[tag];
    }
  };
  countsFrom(answer.mainFacets, (key) => !answer.active.includes(key));
  answer.active.forEach((key, i) => countsFrom(answer.activeFacets[i], (k) => k === key));
  const highlight = highlightQuery(params.q);
  let hits = answer.hits.map((doc) => toHit(doc, highlight));
  if (scope.kind === "private") hits = hits.filter((h) => h.status === "draft" || h.status === "in_review");
  return {
    hits,
    total: answer.total,
    page: params.page,
    pageSize: HITS_PER_PAGE,
    totalPages: Math.max(1, Math.ceil(answer.total / HITS_PER_PAGE)),
    ignoredWords: answer.ignoredWords,
    facets,
    degraded: false,
    processingTimeMs: answer.processingTimeMs,
  };
}

export function scopeFor(actor: MaybeActor, wantsDrafts: boolean): SearchScope {
  return actor && wantsDrafts ? { kind: "private", actor } : { kind: "public" };
}
