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
  /**
   * The pieces a candidate word contains: each query word's typo-free chunks and the prefix. A
   * word holding one may match; matchWord decides.
   */
  parts: RegExp | null;
  phrases: { pattern: RegExp; id: number }[];
  /** The id of the query word a folded candidate matches, or -1 (memoised: all hits share their words). */
  matchWord: (folded: string) => number;
  /** Whether a word this long can match at all (most words holding a short chunk cannot): no slice, no lookup. */
  mayMatch: (length: number) => boolean;
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
  // Equal length for an exact word, within the typo budget for the others, from the prefix's length on.
  const lengths = new Set(query.words.flatMap((w) => Array.from({ length: 2 * w.typos + 1 }, (_, k) => w.word.length - w.typos + k)));
  const prefixLength = query.prefix ? query.prefix.word.length : Infinity;
  const result: CompiledQuery = {
    parts: parts.size ? new RegExp([...parts].map(escapeRegExp).join("|"), "g") : null,
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
    mayMatch: (length) => length >= prefixLength || lengths.has(length),
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

const IS_WORD_CHAR = /[\p{L}\p{N}]/u;
/** Letters and digits of the Basic Multilingual Plane, by UTF-16 code unit (0 unknown, 1 word, 2 not). */
const wordUnits = new Uint8Array(0x10000);
function isWordUnit(code: number): boolean {
  let known = wordUnits[code];
  if (known === 0) {
    known = code < 0xd800 || code > 0xdfff ? (IS_WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2) : 2;
    wordUnits[code] = known;
  }
  return known === 1;
}
const isSurrogatePair = (text: string, at: number) => {
  const high = text.charCodeAt(at);
  const low = text.charCodeAt(at + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
};
/** Where the word around `from` starts (a letter or digit outside the BMP, a surrogate pair, counts as one). */
function wordStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    if (i > 0 && isWordUnit(text.charCodeAt(i - 1))) i -= 1;
    else if (i > 1 && isSurrogatePair(text, i - 2) && IS_WORD_CHAR.test(text.slice(i - 2, i))) i -= 2;
    else return i;
  }
}
function wordEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    if (i < text.length && isWordUnit(text.charCodeAt(i))) i += 1;
    else if (i + 1 < text.length && isSurrogatePair(text, i) && IS_WORD_CHAR.test(text.slice(i, i + 2))) i += 2;
    else return i;
  }
}

/**
 * Where the query matches in a folded text. The candidates are the words that contain a part:
 * one native scan for the parts (no per-word regex work: a word-class regex over the whole text
 * cost twice as much), each hit widened to its word, checked once per distinct word.
 */
function findMatches(folded: string, query: HighlightQuery): Match[] {
  const { parts, phrases, matchWord, mayMatch } = compile(query);
  const matches: Match[] = [];
  if (parts) {
    parts.lastIndex = 0;
    for (let m = parts.exec(folded); m; m = parts.exec(folded)) {
      const start = wordStart(folded, m.index);
      const end = wordEnd(folded, m.index + m[0].length);
      const id = mayMatch(end - start) ? matchWord(folded.slice(start, end)) : -1;
      if (id >= 0) matches.push({ start, end, id });
      parts.lastIndex = end;
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

/** Code unit → its folded code unit (accents and ñ dropped), for units above ASCII; filled as met. */
const unitFolds = new Map<number, number>();
const ABOVE_ASCII = /[^\u0000-\u007f]/g; // eslint-disable-line no-control-regex -- every unit up to U+007F is ASCII
/**
 * foldAccents, one code unit for one code unit, so positions in the folded text are positions in
 * the text. Only the units above ASCII (á, ñ, «) are looked at, found by a native scan: a
 * per-character replace callback cost about as much as the rest of the snippet.
 */
function foldInPlace(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return text; // rare case mappings (İ): no folding beats wrong offsets
  let out = "";
  let copied = 0;
  ABOVE_ASCII.lastIndex = 0;
  for (let m = ABOVE_ASCII.exec(lower); m; m = ABOVE_ASCII.exec(lower)) {
    const code = lower.charCodeAt(m.index);
    let folded = unitFolds.get(code);
    if (folded === undefined) {
      const f = foldAccents(String.fromCharCode(code));
      folded = f.length === 1 ? f.charCodeAt(0) : code;
      unitFolds.set(code, folded);
    }
    if (folded === code) continue;
    out += lower.slice(copied, m.index) + String.fromCharCode(folded);
    copied = m.index + 1;
  }
  return copied === 0 ? lower : out + lower.slice(copied);
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


/** Where the `words` words before `from` begin (a backwards scan: no regex over the whole prefix). */
function startOfWordsBefore(text: string, from: number, words: number): number {
  let i = from;
  for (let k = 0; k < words; k += 1) {
    let j = i;
    while (j > 0 && !isWordUnit(text.charCodeAt(j - 1))) j -= 1;
    if (j === 0) break;
    while (j > 0 && isWordUnit(text.charCodeAt(j - 1))) j -= 1;
    i = j;
  }
  return i;
}

/** Code units of the letter or digit at `i` (2 for one beyond the BMP), 0 for anything else; nothing at or after `limit`. */
function wordWidthAt(text: string, i: number, limit: number): number {
  if (isWordUnit(text.charCodeAt(i))) return 1;
  return i + 1 < limit && isSurrogatePair(text, i) && IS_WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
}
const unitWidthAt = (text: string, i: number, limit: number) => (i + 1 < limit && isSurrogatePair(text, i) ? 2 : 1);

/** How many words (runs of letters and digits) text[from, to) holds: a loop, no regex over the slice. */
function countWords(text: string, from: number, to: number): number {
  let words = 0;
  let inWord = false;
  for (let i = from; i < to; ) {
    const width = wordWidthAt(text, i, to);
    if (width > 0 && !inWord) words += 1;
    inWord = width > 0;
    i += width || unitWidthAt(text, i, to);
  }
  return words;
}

/** Where the `words`-th word after `from` ends (fewer if the text or `limit` comes first). */
function endAfterWords(text: string, from: number, words: number, limit: number): number {
  let end = from;
  for (let k = 0; k < words; k += 1) {
    let i = end;
    while (i < limit && wordWidthAt(text, i, limit) === 0) i += unitWidthAt(text, i, limit);
    if (i >= limit) break;
    for (let width = wordWidthAt(text, i, limit); width > 0 && i < limit; width = i < limit ? wordWidthAt(text, i, limit) : 0) i += width;
    end = i;
  }
  return end;
}

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const NOT_SPACE = /\S/;

/** The text around the passage's matches, cut at word boundaries to `size` words, matches in <mark>. */
function render({ text, matches }: Passage, size: number): string {
  const coreStart = matches[0]?.start ?? 0;
  const coreEnd = matches.at(-1)?.end ?? 0;
  const spare = Math.max(0, size - countWords(text, coreStart, coreEnd));
  // Words before the first match: about half of what is left (none when the passage is the start).
  const start = startOfWordsBefore(text, coreStart, Math.floor(spare / 2));
  const end = endAfterWords(text, coreEnd, Math.max(0, spare - countWords(text, start, coreStart)), Math.min(text.length, coreEnd + 80 * size));
  let html = NOT_SPACE.test(text.slice(0, start)) ? "…" : "";
  let cursor = start;
  for (const m of matches) {
    html += `${escapeHtml(text.slice(cursor, m.start))}<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    cursor = m.end;
  }
  html += escapeHtml(text.slice(cursor, end));
  const rest = text.slice(end);
  html += HAS_WORD_CHAR.test(rest) ? "…" : escapeHtml(rest);
  return html.replace(/\s+/g, " ").trim();
}

/**
 * HTML-escaped passage of about SNIPPET_WORDS words with <mark> around matches,
 * from the first of `texts` (in order of preference) that best matches the
 * query; the start of the first non-empty text when nothing matches.
 */
export function buildSnippet(texts: readonly string[], query: HighlightQuery, size = SNIPPET_WORDS): string {
  let best: Passage | undefined;
  const { parts, phrases } = compile(query);
  const nothingToFind = !parts && phrases.length === 0;
  for (const text of texts) {
    if (!text.trim()) continue;
    // An empty query finds nothing: no folding or scanning, the start of the text is shown.
    const passage = bestPassage(text, nothingToFind ? [] : findMatches(foldInPlace(text), query), size);
    if (!best || passage.distinct > best.distinct) best = passage;
    // Every query word already shown: later (longer) texts cannot do better.
    if (best.distinct >= query.queryWords && best.distinct > 0) break;
  }
  return best ? render(best, size) : "";
}
