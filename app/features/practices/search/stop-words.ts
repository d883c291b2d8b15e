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

/** The query's words that are not stop words (accents folded); none means the query says nothing searchable. */
export function meaningfulWords(query: string): string[] {
  folded ??= new Set(searchStopWords().map(foldAccents));
  return (foldAccents(query).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !folded!.has(w));
}
