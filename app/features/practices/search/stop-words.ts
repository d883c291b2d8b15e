/**
 * Spanish stop words for practice search: the Spanish list of the `stopword`
 * package plus the question and filler words of content/search/stop-words.json.
 * Used by the index settings (Meilisearch `stopWords`), by the check that a
 * query says something at all, and by the relevance baseline.
 */
import fs from "node:fs";
import path from "node:path";
import { spa } from "stopword";
import { foldAccents } from "~/utils/text";

let words: string[] | undefined;

/** Every stop word, with and without accents (Meilisearch compares them as typed). */
export function searchStopWords(): string[] {
  if (!words) {
    const file = path.resolve(process.cwd(), "content", "search", "stop-words.json");
    const extra = (JSON.parse(fs.readFileSync(file, "utf8")) as { words: string[] }).words;
    const all = [...spa, ...extra].map((w) => w.toLowerCase());
    words = [...new Set([...all, ...all.map(foldAccents)])].sort();
  }
  return words;
}

let folded: Set<string> | undefined;

export function isStopWord(word: string): boolean {
  folded ??= new Set(searchStopWords().map(foldAccents));
  return folded.has(foldAccents(word.toLowerCase()));
}

/** The query's words that are not stop words (accents folded); none means the query says nothing searchable. */
export function meaningfulWords(query: string): string[] {
  folded ??= new Set(searchStopWords().map(foldAccents));
  return (foldAccents(query).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !folded!.has(w));
}

/**
 * The query as sent to the engine: stop words out (outside "quoted phrases"),
 * so the words left sit side by side and a synonym key such as "camara
 * comercio" fires for «cámara de comercio» (see synonymsForEngine). A query
 * of stop words only is left as typed: the page says it has nothing to search.
 */
export function searchableQuery(query: string): string {
  const parts = query.split(/("[^"]*")/);
  const out = parts.map((part) => (part.startsWith('"') && part.endsWith('"') && part.length > 1 ? part : part.split(/\s+/).filter((w) => w && !isStopWord(w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))).join(" ")));
  const joined = out.filter(Boolean).join(" ").trim();
  return joined || query;
}

