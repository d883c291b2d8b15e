/**
 * The two practice indexes and their settings. Published practices live in a
 * public index; every non-archived practice also lives in a private index
 * whose documents carry what the permission filter needs (status, region,
 * owner office). Settings are applied at start and are idempotent:
 * Meilisearch only reindexes when they differ.
 */
import fs from "node:fs";
import path from "node:path";
import type { Meilisearch, Settings } from "meilisearch";
import { comunaRegionSynonyms } from "../places.ts";
import { SEARCH_DOCUMENT_FIELDS } from "./documents.server.ts";
import { isStopWord, searchStopWords } from "./stop-words.ts";

export const PUBLIC_PRACTICES_INDEX = "practices_public";
export const PRIVATE_PRACTICES_INDEX = "practices_private";

/**
 * The domain synonyms: the mutual groups of content/search/synonyms.json, the
 * one-way entries of content/search/one-way-synonyms.json (a query word → the
 * words the write-ups use) and comuna → region (content/territory).
 */
export function loadSynonyms(): Record<string, string[]> {
  const read = (name: string) => JSON.parse(fs.readFileSync(path.resolve(process.cwd(), "content", "search", name), "utf8")) as unknown;
  const mutual = read("synonyms.json") as Record<string, string[]>;
  const oneWay = (read("one-way-synonyms.json") as { synonyms: Record<string, string[]> }).synonyms;
  const merged: Record<string, string[]> = { ...comunaRegionSynonyms(), ...mutual };
  for (const [key, values] of Object.entries(oneWay)) merged[key] = [...new Set([...(merged[key] ?? []), ...values])];
  return merged;
}

/**
 * Stop words leave a gap in the engine's word positions, and a synonym phrase
 * only matches words that sit side by side (measured: "pmjh" → "mujeres jefas
 * de hogar" found nothing, with or without the "de"). The portal takes stop
 * words out of the query before searching (searchableQuery), so a key is
 * stored as its words without stop words ("camara comercio"); a value becomes
 * its runs of two or more words between stop words ("mujeres jefas de hogar"
 * → "mujeres jefas"), or is left out when it has none ("dejan el trabajo").
 */
export function synonymsForEngine(synonyms: Record<string, string[]>): Record<string, string[]> {
  // A value the engine cannot match side by side is left out: splitting "dejan el trabajo" into
  // "dejan" and "trabajo" would make every practice that says "trabajo" a synonym match.
  const runs = (phrase: string): string[] => {
    const out: string[][] = [[]];
    for (const word of phrase.toLowerCase().split(/\s+/).filter(Boolean)) {
      if (isStopWord(word)) out.push([]);
      else out[out.length - 1].push(word);
    }
    const all = out.filter((r) => r.length > 0);
    if (all.length === 1) return [all[0].join(" ")];
    return all.filter((r) => r.length > 1).map((r) => r.join(" "));
  };
  const keyOf = (phrase: string) => phrase.toLowerCase().split(/\s+/).filter((w) => w && !isStopWord(w)).join(" ");
  const result: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(synonyms)) {
    const k = keyOf(key);
    if (!k) continue;
    const merged = new Set([...(result[k] ?? []), ...values.flatMap(runs)]);
    merged.delete(k);
    if (merged.size > 0) result[k] = [...merged];
  }
  return result;
}

/** Acronyms and names that must match as written (a typo of "senda" is not "sendo"). */
const NO_TYPO_WORDS = ["omil", "sence", "senda", "senadis", "sernameg", "otec", "fomil", "pmjh", "pesd", "dideco", "edli", "seremi"];

export function practiceIndexSettings(): Settings {
  return {
    // Order matters: the "attribute" ranking rule favours earlier attributes.
    searchableAttributes: ["title", "ambitos", "beneficiarios", "organization", "places", "summary", "body"],
    displayedAttributes: ["*"],
    // "id": a page of the word-weighted search is fetched by the ids it ranked (word-weights.server.ts).
    filterableAttributes: ["id", "ambitoSlugs", "beneficiarioSlugs", "region", "organizationType", "year", "status", "ownerOrganizationId", "facetTags"],
    sortableAttributes: ["date", "year"],
    // "date:desc" last: among equally relevant practices the newest first, and a
    // stable order instead of one that follows random ids.
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "date:desc"],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
      disableOnWords: NO_TYPO_WORDS,
      // Place names are matched as written (accents folded): "Porvenir" is not "por venir".
      disableOnAttributes: ["places"],
      disableOnNumbers: true,
    },
    // Question and filler words ("¿cómo…?", "¿hay alguna…?") would otherwise decide the ranking.
    stopWords: searchStopWords(),
    synonyms: synonymsForEngine(loadSynonyms()),
    // facetTags holds the values of all five facets (~60 today): room for every one.
    faceting: { maxValuesPerFacet: 1_000 },
    pagination: { maxTotalHits: 20_000 },
    // Spanish: the default tokenizer folds accents and ñ for Latin text.
    localizedAttributes: [{ attributePatterns: ["*"], locales: ["spa"] }],
  };
}

/** Creates both indexes (primary key "id") and applies the settings; waits so the first sync sees them. */
export async function ensurePracticeIndexes(
  client: Meilisearch,
  uids: readonly string[] = [PUBLIC_PRACTICES_INDEX, PRIVATE_PRACTICES_INDEX],
  timeOutMs = 60_000,
): Promise<void> {
  const settings = practiceIndexSettings();
  for (const uid of uids) {
    const created = await client.createIndex(uid, { primaryKey: "id" }).waitTask({ timeout: timeOutMs });
    // "index_already_exists" is the normal case after the first start.
    if (created.status === "failed" && created.error?.code !== "index_already_exists") {
      throw new Error(`No se pudo crear el índice ${uid}: ${created.error?.message ?? "error desconocido"}`);
    }
    const task = await client.index(uid).updateSettings(settings).waitTask({ timeout: timeOutMs });
    if (task.status === "failed") throw new Error(`No se pudo configurar el índice ${uid}: ${task.error?.message ?? "error desconocido"}`);
  }
}

/**
 * Whether an index holds documents built by an older version of
 * buildSearchDocuments (a field every current document has is missing from
 * some): they are then rebuilt from the database at start.
 */
export async function hasOutdatedDocuments(client: Meilisearch, uids: readonly string[] = [PUBLIC_PRACTICES_INDEX, PRIVATE_PRACTICES_INDEX]): Promise<boolean> {
  for (const uid of uids) {
    const { numberOfDocuments, fieldDistribution } = await client.index(uid).getStats();
    if (numberOfDocuments > 0 && SEARCH_DOCUMENT_FIELDS.some((field) => (fieldDistribution[field] ?? 0) < numberOfDocuments)) return true;
  }
  return false;
}
