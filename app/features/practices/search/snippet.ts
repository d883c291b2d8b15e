/**
 * Search-result snippets: the passage of a practice that best shows why it
 * matched, with the matched words in <mark>.
 *
 * Built here rather than with Meilisearch's attributesToCrop/Highlight: the
 * engine's matcher runs over every token of the cropped attributes and cost
 * ~5 ms of CPU per search for 10 hits (of ~6.3 ms in all; bench/search.ts and
 * docs/decisions/0011-search-snippets-in-node.md), which on a 2-core server
 * queues every other request. Matching mirrors the index settings closely
 * enough for highlighting: accents and ñ folded, case ignored, the typo
 * budget of typoTolerance (1 typo from 4 letters, 2 from 8), the last query
 * word as a prefix, and the synonyms of content/search/synonyms.json.
 */
import { boundedLevenshtein, escapeHtml, foldAccents } from "~/utils/text";

/** Words around the matches, as Meilisearch's default crop length. */
export const SNIPPET_WORDS = 28;
const MAX_QUERY_WORDS = 10; // Meilisearch reads the first 10 words of a query too
const ONE_TYPO_FROM = 4;
const TWO_TYPOS_FROM = 8;

/**
 * Words too common to be worth a highlight when the query has other words
 * ("oficina municipal de empleo" marks "oficina", not every "de").
 */
const STOP_WORDS = new Set(
  "a al ante con de del desde e el en entre la las lo los o para por que se sin su sus u un una uno unos unas y".split(" "),
);

export interface HighlightQuery {
  /** Folded single words, each with its own id (distinct words score a passage). */
  words: { word: string; id: number; typos: number }[];
  /** The last query word, matched as a prefix ("capacit" → "capacitación"). */
  prefix: { word: string; id: number } | null;
  /** Multi-word synonyms of the query, matched as consecutive folded words. */
  phrases: { words: string[]; id: number }[];
  /** How many distinct words the query itself has (a passage showing that many needs no better). */
  queryWords: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const foldedWords = (text: string) => Array.from(foldAccents(text).matchAll(WORD), (m) => m[0]);

type FoldedSynonyms = { from: string[]; to: string[][] }[];
const synonymCache = new WeakMap<Record<string, string[]>, FoldedSynonyms>();
function foldSynonyms(synonyms: Record<string, string[]>): FoldedSynonyms {
  let folded = synonymCache.get(synonyms);
  if (!folded) {
    folded = Object.entries(synonyms).map(([from, to]) => ({ from: foldedWords(from), to: to.map(foldedWords) }));
    synonymCache.set(synonyms, folded);
  }
  return folded;
}

const typoBudget = (word: string) => (word.length >= TWO_TYPOS_FROM ? 2 : word.length >= ONE_TYPO_FROM ? 1 : 0);

/** What to highlight for a query, computed once per search and reused for every hit. */
export function highlightQueryFor(query: string, synonyms: Record<string, string[]> = {}): HighlightQuery {
  const tokens = foldedWords(query).slice(0, MAX_QUERY_WORDS);
  const meaningful = tokens.filter((w) => !STOP_WORDS.has(w));
  const kept = meaningful.length > 0 ? meaningful : tokens;
  let id = 0;
  const words = [...new Set(kept)].map((word) => ({ word, id: id++, typos: typoBudget(word) }));
  const last = tokens.at(-1);
  const prefixWord = last && last.length >= 2 && kept.includes(last) ? words.find((w) => w.word === last) : undefined;
  const phrases: HighlightQuery["phrases"] = [];
  for (const { from, to } of foldSynonyms(synonyms)) {
    const at = tokens.findIndex((_, i) => from.every((w, k) => tokens[i + k] === w));
    if (at < 0) continue;
    for (const target of to) {
      const targetWords = target.filter((w) => !STOP_WORDS.has(w));
      if (targetWords.length === 1) words.push({ word: targetWords[0], id: id++, typos: 0 });
      else if (target.length > 1) phrases.push({ words: target, id: id++ });
    }
  }
  return { words, prefix: prefixWord ? { word: prefixWord.word, id: prefixWord.id } : null, phrases, queryWords: new Set(kept).size };
}

interface CompiledQuery {
  /** Words that may match: they contain a query word, the prefix or, for typo-tolerant words, one of its typo-free chunks. */
  candidates: RegExp | null;
  phrases: { pattern: RegExp; id: number }[];
  /** The id of the query word a folded candidate matches, or -1 (memoised: all hits share their words). */
  matchWord: (folded: string) => number;
}

const compiled = new WeakMap<HighlightQuery, CompiledQuery>();
const WORD_CHAR = "[\\p{L}\\p{N}]";
const NOT_WORD = "[^\\p{L}\\p{N}]";
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A word with k typos keeps one of any k + 1 chunks intact (pigeonhole): the chunks find its candidates. */
function chunks(word: string, typos: number): string[] {
  const size = Math.ceil(word.length / (typos + 1));
  return Array.from({ length: typos + 1 }, (_, i) => word.slice(i * size, (i + 1) * size)).filter(Boolean);
}

function compile(query: HighlightQuery): CompiledQuery {
  const known = compiled.get(query);
  if (known) return known;
  const exact = new Map(query.words.map((w) => [w.word, w.id]));
  const typoWords = query.words.filter((w) => w.typos > 0);
  const parts = new Set([...query.words.flatMap((w) => chunks(w.word, w.typos)), ...(query.prefix ? [query.prefix.word] : [])]);
  const memo = new Map<string, number>();
  const result: CompiledQuery = {
    candidates: parts.size
      ? new RegExp(`(?<!${WORD_CHAR})${WORD_CHAR}*?(?:${[...parts].map(escapeRegExp).join("|")})${WORD_CHAR}*`, "gu")
      : null,
    phrases: query.phrases.map((p) => ({
      pattern: new RegExp(`(?<!${WORD_CHAR})${p.words.map(escapeRegExp).join(`${NOT_WORD}+`)}(?!${WORD_CHAR})`, "gu"),
      id: p.id,
    })),
    matchWord(folded) {
      let id = memo.get(folded);
      if (id !== undefined) return id;
      id = exact.get(folded) ?? -1;
      if (id < 0 && query.prefix && folded.startsWith(query.prefix.word)) id = query.prefix.id;
      if (id < 0) id = typoWords.find((w) => boundedLevenshtein(w.word, folded, w.typos, { transpositions: true }) <= w.typos)?.id ?? -1;
      memo.set(folded, id);
      return id;
    },
  };
  compiled.set(query, result);
  return result;
}

interface Match {
  start: number;
  end: number;
  /** Query word or phrase id. */
  id: number;
}

/** Where the query matches in a folded text: native regex scans, a JS check only for candidate words. */
function findMatches(folded: string, query: HighlightQuery): Match[] {
  const { candidates, phrases, matchWord } = compile(query);
  const matches: Match[] = [];
  if (candidates) {
    candidates.lastIndex = 0;
    for (let m = candidates.exec(folded); m; m = candidates.exec(folded)) {
      const id = matchWord(m[0]);
      if (id >= 0) matches.push({ start: m.index, end: m.index + m[0].length, id });
    }
  }
  const phraseMatches: Match[] = [];
  for (const { pattern, id } of phrases) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) phraseMatches.push({ start: m.index, end: m.index + m[0].length, id });
  }
  if (phraseMatches.length === 0) return matches;
  // A phrase is one match: the words inside it are not counted again.
  const outside = matches.filter((w) => !phraseMatches.some((p) => w.start < p.end && p.start < w.end));
  return [...outside, ...phraseMatches].sort((a, b) => a.start - b.start);
}

const charFolds = new Map<string, string>();
/** foldAccents, one character for one character, so positions in the folded text are positions in the text. */
function foldInPlace(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return text; // rare case mappings (İ): no folding beats wrong offsets
  return lower.replace(/[^ -~\s]/g, (ch) => {
    let folded = charFolds.get(ch);
    if (folded === undefined) {
      folded = foldAccents(ch);
      if (folded.length !== 1) folded = ch;
      charFolds.set(ch, folded);
    }
    return folded;
  });
}

interface Passage {
  text: string;
  /** Matches shown, in order. */
  matches: Match[];
  distinct: number;
}

/** Roughly SNIPPET_WORDS words of Spanish text, to group matches that can share one window. */
const charsFor = (words: number) => words * 6;

/** The run of matches within one window's reach with the most distinct query words (then the most matches). */
function bestPassage(text: string, matches: Match[], size: number): Passage {
  let best: Passage = { text, matches: [], distinct: 0 };
  for (let i = 0; i < matches.length; i += 1) {
    let j = i;
    while (j + 1 < matches.length && matches[j + 1].end - matches[i].start <= charsFor(size)) j += 1;
    const run = matches.slice(i, j + 1);
    const distinct = new Set(run.map((m) => m.id)).size;
    if (distinct > best.distinct || (distinct === best.distinct && run.length > best.matches.length)) best = { text, matches: run, distinct };
  }
  return best;
}

const IS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where the `words` words before `from` begin (a backwards scan: no regex over the whole prefix). */
function startOfWordsBefore(text: string, from: number, words: number): number {
  let i = from;
  for (let k = 0; k < words; k += 1) {
    let j = i;
    while (j > 0 && !IS_WORD_CHAR.test(text[j - 1])) j -= 1;
    if (j === 0) break;
    while (j > 0 && IS_WORD_CHAR.test(text[j - 1])) j -= 1;
    i = j;
  }
  return i;
}

/** The text around the passage's matches, cut at word boundaries to `size` words, matches in <mark>. */
function render({ text, matches }: Passage, size: number): string {
  const coreStart = matches[0]?.start ?? 0;
  const coreEnd = matches.at(-1)?.end ?? 0;
  const wordsIn = (slice: string) => slice.match(new RegExp(WORD.source, "gu"))?.length ?? 0;
  const spare = Math.max(0, size - wordsIn(text.slice(coreStart, coreEnd)));
  // Words before the first match: about half of what is left (none when the passage is the start).
  const start = startOfWordsBefore(text, coreStart, Math.floor(spare / 2));
  const after = new RegExp(`^(?:${NOT_WORD}*[\\p{L}\\p{N}]+){0,${spare - wordsIn(text.slice(start, coreStart))}}`, "u");
  const end = coreEnd + (after.exec(text.slice(coreEnd, coreEnd + 80 * size))?.[0].length ?? 0);
  let html = text.slice(0, start).trim() ? "…" : "";
  let cursor = start;
  for (const m of matches) {
    html += `${escapeHtml(text.slice(cursor, m.start))}<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    cursor = m.end;
  }
  html += escapeHtml(text.slice(cursor, end));
  const rest = text.slice(end);
  html += /[\p{L}\p{N}]/u.test(rest) ? "…" : escapeHtml(rest);
  return html.replace(/\s+/g, " ").trim();
}

/**
 * HTML-escaped passage of about SNIPPET_WORDS words with <mark> around matches,
 * from the first of `texts` (in order of preference) that best matches the
 * query; the start of the first non-empty text when nothing matches.
 */
export function buildSnippet(texts: readonly string[], query: HighlightQuery, size = SNIPPET_WORDS): string {
  let best: Passage | undefined;
  for (const text of texts) {
    if (!text.trim()) continue;
    const passage = bestPassage(text, findMatches(foldInPlace(text), query), size);
    if (!best || passage.distinct > best.distinct) best = passage;
    // Every query word already shown: later (longer) texts cannot do better.
    if (best.distinct >= query.queryWords && best.distinct > 0) break;
  }
  return best ? render(best, size) : "";
}
