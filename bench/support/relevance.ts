/**
 * The relevance harness shared by `npm run bench:relevance` and its
 * integration test: the demo library plus the seed write-ups imported through
 * the portal's own import path and published, indexed with the portal's
 * settings, then each query of a set searched (1) through the portal's search
 * (searchWithMeilisearch, the code the page and the API run) and (2) by a plain
 * BM25 (okapibm25) over the same texts with accents folded and the same
 * Spanish stop words, nothing else. A query scores "any" when an expected
 * practice is in the top 3 and "all" when every expected one is.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import okapiBm25 from "okapibm25";
import type { Database } from "~/db/client.server";
import { practices } from "~/db/schema";
import { importPracticeText } from "~/features/practices/import.server";
import { DEMO_PRACTICES_DIR, SYSTEM_AUTHOR } from "~/features/practices/seed.server";
import { parseSearchParams } from "~/features/practices/schema";
import { buildSearchDocuments } from "~/features/practices/search/documents.server";
import { searchWithMeilisearch } from "~/features/practices/search/query.server";
import { reindexAllPractices } from "~/features/practices/search/reindex.server";
import { searchStopWords } from "~/features/practices/search/stop-words";
import { loadPracticeTaxonomies, seedPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { foldAccents } from "~/utils/text";

export interface RelevanceQuery {
  q: string;
  expected: string[];
}
export interface RelevanceSet {
  name: string;
  queries: RelevanceQuery[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The shared source documents sit next to the repository (SHARED_DIR overrides, as in the unit tests). */
export const SEEDS_DIR = path.join(process.env.SHARED_DIR ?? path.resolve(root, "..", "shared"), "seeds");
/** Seeds 000–003 are write-ups of practices; 004 is an evaluation report, not a practice. */
const SEED_PRACTICES = ["000", "001", "002", "003"];

export function loadRelevanceSets(): RelevanceSet[] {
  return ["tuning", "heldout", "fresh", "unseen"].map((name) => {
    const file = path.join(root, "bench", "relevance", `${name}.json`);
    return { name, queries: (JSON.parse(fs.readFileSync(file, "utf8")) as { queries: RelevanceQuery[] }).queries };
  });
}

/**
 * Imports the library and publishes everything (the seeds are raw write-ups
 * that the importer keeps as drafts). Returns the key → slug map ("seed:000"
 * → the slug the importer gave that seed; demo slugs map to themselves).
 */
export async function loadRelevanceLibrary(db: Database): Promise<Map<string, string>> {
  await seedPracticeTaxonomies(db);
  const keys = new Map<string, string>();
  const owner = { organizationId: null, organizationKind: null, regionCode: null };
  for (const file of fs.readdirSync(DEMO_PRACTICES_DIR).filter((f) => f.endsWith(".md")).sort()) {
    const text = fs.readFileSync(path.join(DEMO_PRACTICES_DIR, file), "utf8");
    const { practice } = await importPracticeText(db, SYSTEM_AUTHOR, owner, text, { sourceName: file, publish: true });
    keys.set(practice.slug, practice.slug);
  }
  if (fs.existsSync(SEEDS_DIR)) {
    for (const number of SEED_PRACTICES) {
      const file = fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith(`${number}_`));
      if (!file) continue;
      const text = fs.readFileSync(path.join(SEEDS_DIR, file), "utf8");
      const { practice } = await importPracticeText(db, SYSTEM_AUTHOR, owner, text, { sourceName: file });
      keys.set(`seed:${number}`, practice.slug);
    }
  }
  // Distinct, fixed publication times: ties in the ranking fall to "date:desc"
  // (then to Meilisearch's insertion order, which follows random ids), so equal
  // times would make the scores vary from run to run.
  const drafts = await db.select({ id: practices.id, slug: practices.slug }).from(practices).where(eq(practices.status, "draft"));
  drafts.sort((a, b) => a.slug.localeCompare(b.slug));
  for (const [i, draft] of drafts.entries()) {
    await db.update(practices).set({ status: "published", publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000) }).where(eq(practices.id, draft.id));
  }
  return keys;
}

/** Words as the baseline sees them: lower case, accents folded, stop words out. */
export function baselineTokens(text: string, stopWords: ReadonlySet<string>): string[] {
  return (foldAccents(text).match(/[a-z0-9ñ]+/g) ?? []).filter((w) => !stopWords.has(w));
}

/** okapibm25 is CommonJS with `exports.default`: Node hands over the exports object, bundlers the function. */
const BM25 = (typeof okapiBm25 === "function" ? okapiBm25 : (okapiBm25 as unknown as { default: typeof okapiBm25 }).default) as typeof okapiBm25;

export interface Bm25Baseline {
  top(q: string, n: number): string[];
}

/** Plain BM25 (k1 1.2, b 0.75) over every searchable field of the portal's search documents. */
export async function buildBm25Baseline(db: Database): Promise<Bm25Baseline> {
  const rows = await db.select().from(practices).where(eq(practices.status, "published"));
  const docs = await buildSearchDocuments(db, rows);
  const stop = new Set(searchStopWords().map(foldAccents));
  // okapibm25 counts substrings: each word is padded with spaces so only whole words match.
  const texts = docs.map(
    (d) => ` ${baselineTokens([d.title, d.organization, ...d.ambitos, ...d.beneficiarios, d.regionName, ...d.comunas, d.summary, d.body].join(" "), stop).join("  ")} `,
  );
  const slugs = docs.map((d) => d.slug);
  return {
    top(q, n) {
      const words = [...new Set(baselineTokens(q, stop))].map((w) => ` ${w} `);
      if (words.length === 0) return [];
      const scores = BM25(texts, words) as number[];
      return scores
        .map((score, i) => ({ score, slug: slugs[i] }))
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, n)
        .map((s) => s.slug);
    },
  };
}

export interface QueryOutcome {
  q: string;
  expected: string[];
  top: string[];
  any: boolean;
  all: boolean;
}
export interface SetScore {
  queries: number;
  any: number;
  all: number;
  outcomes: QueryOutcome[];
}

export function score(set: RelevanceSet, keys: Map<string, string>, topOf: (q: string) => string[]): SetScore {
  const outcomes = set.queries.map(({ q, expected }) => {
    const wanted = expected.map((k) => keys.get(k)).filter((s): s is string => !!s);
    const top = topOf(q).slice(0, 3);
    return { q, expected: wanted, top, any: wanted.some((s) => top.includes(s)), all: wanted.length > 0 && wanted.every((s) => top.includes(s)) };
  });
  return { queries: outcomes.length, any: outcomes.filter((o) => o.any).length, all: outcomes.filter((o) => o.all).length, outcomes };
}

/** The portal's top 3 for each query of a set, through the code the page runs. */
export async function portalTops(db: Database, client: Meilisearch, set: RelevanceSet): Promise<Map<string, string[]>> {
  const taxonomies = await loadPracticeTaxonomies(db);
  const tops = new Map<string, string[]>();
  for (const { q } of set.queries) {
    const result = await searchWithMeilisearch(client, parseSearchParams(new URLSearchParams({ q })), taxonomies, { kind: "public" });
    tops.set(q, result.hits.slice(0, 3).map((h) => h.slug));
  }
  return tops;
}

/** The portal's search with another matching strategy (to measure last / frequency / all side by side). */
export async function strategyTops(db: Database, client: Meilisearch, set: RelevanceSet, matchingStrategy: "last" | "all" | "frequency"): Promise<Map<string, string[]>> {
  const taxonomies = await loadPracticeTaxonomies(db);
  const tops = new Map<string, string[]>();
  for (const { q } of set.queries) {
    const result = await searchWithMeilisearch(client, parseSearchParams(new URLSearchParams({ q })), taxonomies, { kind: "public" }, { matchingStrategy, weighWords: false });
    tops.set(q, result.hits.slice(0, 3).map((h) => h.slug));
  }
  return tops;
}

export interface RelevanceReport {
  set: string;
  portal: SetScore;
  bm25: SetScore;
  strategies: Partial<Record<"last" | "frequency" | "all", SetScore>>;
}

/** Indexes the library already in `db` and scores every set, portal and baseline in the same run. */
export async function runRelevance(db: Database, client: Meilisearch, keys: Map<string, string>, options: { strategies?: boolean } = {}): Promise<RelevanceReport[]> {
  await reindexAllPractices(db, client);
  const baseline = await buildBm25Baseline(db);
  const reports: RelevanceReport[] = [];
  for (const set of loadRelevanceSets()) {
    const portal = await portalTops(db, client, set);
    const strategies = {} as RelevanceReport["strategies"];
    for (const s of options.strategies === false ? [] : (["last", "frequency", "all"] as const)) {
      const tops = await strategyTops(db, client, set, s);
      strategies[s] = score(set, keys, (q) => tops.get(q) ?? []);
    }
    reports.push({
      set: set.name,
      portal: score(set, keys, (q) => portal.get(q) ?? []),
      bm25: score(set, keys, (q) => baseline.top(q, 3)),
      strategies,
    });
  }
  return reports;
}
