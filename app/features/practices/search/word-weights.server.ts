/**
 * Weighing the words of a query by how rare they are, on top of Meilisearch's matching.
 *
 * The engine's "words" rule counts matched words without weighing them, and
 * with matchingStrategy "last" a document must hold the query's first word:
 * «como involucrar al alcalde» only finds practices that say "involucrar".
 * A person means the rare, telling words, and the more of them a practice
 * holds the better: a query of two or more units is scored like BM25, unit by
 * unit, with every match found by the engine (weightedSearch). Measured
 * against a plain BM25 in `npm run bench:relevance` (docs/decisions/0160).
 */
import type { Meilisearch } from "meilisearch";
import { foldAccents } from "~/utils/text";
import { meaningfulWords } from "./stop-words.ts";

/** A longer query keeps its rarest units (a pasted paragraph must not become 40 searches). */
export const MAX_UNITS = 10;
/** The weight of the rarest possible unit (held by one practice); others scale down with their IDF. */
const UNIT_WEIGHT = 0.9;

/**
 * The query's meaningful words, plus each run of them that is a synonym key
 * ("bolsa nacional" is also a unit, so its synonym "bne" fires in its own search).
 */
export function queryUnits(query: string, synonymKeys: ReadonlySet<string>, longestKey: number): string[] {
  const words = meaningfulWords(query);
  const phrases: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(longestKey, words.length - i); n > 1; n--) {
      const phrase = words.slice(i, i + n).join(" ");
      if (synonymKeys.has(phrase)) {
        phrases.push(phrase);
        break;
      }
    }
  }
  return [...new Set([...words, ...phrases])];
}

/** The folded keys of the engine's synonyms, and the longest key in words. */
export function synonymKeyIndex(engineSynonyms: Record<string, string[]>): { keys: Set<string>; longest: number } {
  const keys = new Set(Object.keys(engineSynonyms).map((k) => foldAccents(k.toLowerCase())));
  let longest = 1;
  for (const k of keys) longest = Math.max(longest, k.split(" ").length);
  return { keys, longest };
}

/** BM25's inverse document frequency: 0 for a unit no practice has. */
export function inverseDocumentFrequency(documents: number, withUnit: number): number {
  if (withUnit <= 0 || documents <= 0) return 0;
  return Math.log(1 + (documents - withUnit + 0.5) / (withUnit + 0.5));
}

/**
 * The weight of each unit searched alone: its IDF against the IDF a unit held
 * by a single practice would have, times UNIT_WEIGHT. Units held by no
 * practice weigh 0 (the caller leaves them out and says so).
 */
export function unitWeights(documents: number, counts: readonly number[]): number[] {
  const rarest = inverseDocumentFrequency(documents, 1);
  return counts.map((count) => (rarest > 0 ? (UNIT_WEIGHT * inverseDocumentFrequency(documents, count)) / rarest : 0));
}

/** How many of each unit's best matches are weighed: deeper pages follow the engine's union order. */
export const CANDIDATES_PER_UNIT = 100;

export interface WeightedSearchInput {
  indexUid: string;
  /** The filter of the page (scope and every selected facet). */
  filter: string[];
  /** For each selected facet, the filter without that facet (its own counts ignore its selection). */
  facetFilters: string[][];
  units: string[];
  offset: number;
  limit: number;
  retrieve: readonly string[];
  facetAttribute: string;
}

export interface WeightedSearchOutput {
  hits: Record<string, unknown>[];
  total: number;
  facets: Record<string, number> | undefined;
  facetsPerFilter: (Record<string, number> | undefined)[];
  /** Units no practice under the filter holds (left out; said only when other units remain). */
  unitsNotFound: string[];
  processingTimeMs: number;
}

type Federated = { hits: Record<string, unknown>[]; estimatedTotalHits?: number; processingTimeMs?: number; facetsByIndex?: Record<string, { distribution: Record<string, Record<string, number>> }> };
type Ranked = { hits: Record<string, unknown>[]; estimatedTotalHits?: number; totalHits?: number; processingTimeMs?: number };

/**
 * Ranks like BM25 with the engine doing the matching: each unit is searched
 * alone (typos, synonyms, accents and attribute order as the index settings
 * say), and a practice's score is the sum, over the units it matches, of the
 * unit's IDF times the engine's ranking score for that unit. The union of the
 * unit searches (federated, limit 0) gives the total and the facet counts.
 */
export async function weightedSearch(client: Meilisearch, input: WeightedSearchInput): Promise<WeightedSearchOutput> {
  const { indexUid, filter } = input;
  let units = input.units;
  let missing: string[] = [];
  if (units.length > MAX_UNITS) {
    // One count-only round first: the rarest units found carry the meaning.
    const { results } = (await client.multiSearch({ queries: units.map((q) => ({ indexUid, q, filter, limit: 0 })) })) as unknown as { results: Ranked[] };
    const counted = units.map((unit, i) => ({ unit, n: results[i].totalHits ?? results[i].estimatedTotalHits ?? 0 }));
    missing = counted.filter((c) => c.n === 0).map((c) => c.unit);
    const kept = new Set(counted.filter((c) => c.n > 0).sort((a, b) => a.n - b.n).slice(0, MAX_UNITS).map((c) => c.unit));
    units = units.filter((u) => kept.has(u));
    if (units.length === 0) units = input.units.slice(0, MAX_UNITS);
  }
  const unitQuery = (q: string, f: string[]) => ({ indexUid, q, filter: f, matchingStrategy: "all" as const });
  const union = (f: string[]) =>
    client.multiSearch({
      federation: { limit: 0, facetsByIndex: { [indexUid]: [input.facetAttribute] } },
      queries: units.map((q) => unitQuery(q, f)),
    }) as unknown as Promise<Federated>;
  const perUnit = client.multiSearch({
    queries: [
      { indexUid, q: "", filter, limit: 0 },
      ...units.map((q) => ({ ...unitQuery(q, filter), limit: CANDIDATES_PER_UNIT, showRankingScore: true, attributesToRetrieve: ["id", "date"] })),
    ],
  }) as unknown as Promise<{ results: Ranked[] }>;
  const [{ results }, all, ...perFacet] = await Promise.all([perUnit, union(filter), ...input.facetFilters.map(union)]);
  const count = (r: Ranked) => r.totalHits ?? r.estimatedTotalHits ?? 0;
  const [everything, ...unitResults] = results;
  const counts = unitResults.map(count);
  const weights = unitWeights(count(everything), counts);
  const scores = new Map<string, { score: number; date: number }>();
  unitResults.forEach((r, i) => {
    for (const hit of r.hits) {
      const id = String(hit.id);
      const entry = scores.get(id) ?? { score: 0, date: Number(hit.date ?? 0) };
      entry.score += weights[i] * Number(hit._rankingScore ?? 0);
      scores.set(id, entry);
    }
  });
  // Equal scores: newest first, then a stable order (as the index's "date:desc" rule does).
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score || b[1].date - a[1].date || a[0].localeCompare(b[0])).map(([id]) => id);
  const pageIds = ranked.slice(input.offset, input.offset + input.limit);
  let hits: Record<string, unknown>[] = [];
  let fetchMs = 0;
  if (pageIds.length > 0) {
    const page = (await client.multiSearch({
      queries: [{ indexUid, q: "", filter: [...filter, `id IN [${pageIds.map((id) => JSON.stringify(id)).join(", ")}]`], limit: pageIds.length, attributesToRetrieve: [...input.retrieve] }],
    })) as unknown as { results: Ranked[] };
    const byId = new Map(page.results[0].hits.map((h) => [String(h.id), h]));
    hits = pageIds.map((id) => byId.get(id)).filter((h): h is Record<string, unknown> => !!h);
    fetchMs = page.results[0].processingTimeMs ?? 0;
  } else if (input.offset >= ranked.length && (all.estimatedTotalHits ?? 0) > input.offset) {
    // Beyond the weighed candidates (a very large library): the engine's union order.
    const deep = (await client.multiSearch({
      federation: { limit: input.limit, offset: input.offset },
      queries: units.map((q) => ({ ...unitQuery(q, filter), attributesToRetrieve: [...input.retrieve] })),
    })) as unknown as Federated;
    hits = deep.hits;
    fetchMs = deep.processingTimeMs ?? 0;
  }
  const distribution = (answer: Federated) => answer.facetsByIndex?.[indexUid]?.distribution?.[input.facetAttribute];
  const took = (r: { processingTimeMs?: number }) => r.processingTimeMs ?? 0;
  return {
    hits,
    total: all.estimatedTotalHits ?? 0,
    facets: distribution(all),
    facetsPerFilter: perFacet.map(distribution),
    unitsNotFound: [...missing, ...units.filter((_, i) => counts[i] === 0)],
    processingTimeMs: results.reduce((sum, r) => sum + took(r), 0) + took(all) + perFacet.reduce((sum, r) => sum + took(r), 0) + fetchMs,
  };
}
