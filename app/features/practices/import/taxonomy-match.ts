/**
 * Matches labels as written in a document ("OMIL del Municipio", "Otros
 * Servicios Públicos", "Articulación con empresas") to taxonomy entries.
 *
 * Taxonomies are editable data, so there is no per-entry alias table to
 * maintain: we compare content words. Accents, case, plurals, gender, small
 * connector words and parenthetical notes are ignored, one typo per long word
 * is tolerated, and a shorter or longer wording of the same entry matches when
 * one word set contains the other. Ties are resolved by the head noun (the
 * first content word: "OMIL del Municipio" is an OMIL, not a municipio); a tie
 * that remains is reported as unmatched rather than guessed. Unmatched labels
 * are kept and reported, never dropped.
 */
import { boundedLevenshtein } from "~/utils/text";
import { foldForMatch } from "./normalize";

export interface TaxonomyEntry {
  slug: string;
  label: string;
}

export interface TaxonomyLabelMatch {
  /** The label as written in the document. */
  written: string;
  entry: TaxonomyEntry | null;
}

export interface TaxonomyMatchResult {
  /** Matched entries, deduplicated, in the order they were written. */
  matched: TaxonomyEntry[];
  /** Labels kept as written because no entry fits them. */
  unmatched: string[];
  details: TaxonomyLabelMatch[];
  /** Spanish, one per unmatched label. */
  warnings: string[];
}

const STOPWORDS = new Set([
  "a", "al", "con", "de", "del", "e", "el", "en", "esta", "este", "la", "las", "lo", "los", "o",
  "otra", "otras", "otro", "otros", "para", "por", "que", "su", "sus", "u", "un", "una", "y",
]);

/** Crude Spanish stem: plural and gender endings only ("públicas" → "public"). */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && /[^aeiou]es$/.test(w) && !/(?:[aeiou]ces)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s")) w = w.slice(0, -1);
  if (w.length > 4 && /[ao]$/.test(w)) w = w.slice(0, -1);
  return w;
}

function contentWords(label: string): string[] {
  const withoutNotes = label.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
  const words = foldForMatch(withoutNotes)
    .split(" ")
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stem);
  return [...new Set(words)];
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  return a.length >= 6 && b.length >= 6 && boundedLevenshtein(a, b, 1) <= 1;
}

function overlap(a: readonly string[], b: readonly string[]): number {
  return a.filter((word) => b.some((other) => sameWord(word, other))).length;
}

/** Higher is better; 0 means "not this entry". */
function score(labelWords: readonly string[], entryWords: readonly string[]): number {
  if (labelWords.length === 0 || entryWords.length === 0) return 0;
  const shared = overlap(labelWords, entryWords);
  if (shared === 0) return 0;
  const jaccard = shared / (labelWords.length + entryWords.length - shared);
  const hasHead = entryWords.some((w) => sameWord(w, labelWords[0]));
  const headBonus = hasHead ? 0.5 : 0;
  if (shared === labelWords.length) return 1 + jaccard + headBonus; // a shorter wording of the entry
  if (shared === entryWords.length) {
    // A longer wording that contains the entry: only if the entry is its head
    // or most of it, so "Relaciones públicas de la OMIL" is not just "OMIL".
    return hasHead || shared / labelWords.length >= 0.5 ? 1 + jaccard + headBonus : 0;
  }
  return jaccard >= 0.6 ? jaccard + headBonus : 0;
}

export function matchTaxonomyLabel(label: string, entries: readonly TaxonomyEntry[]): TaxonomyEntry | null {
  const folded = foldForMatch(label);
  if (!folded) return null;
  const exact = entries.find((e) => foldForMatch(e.label) === folded || foldForMatch(e.slug) === folded);
  if (exact) return exact;

  const words = contentWords(label);
  let best: TaxonomyEntry | null = null;
  let bestScore = 0;
  let tied = false;
  for (const entry of entries) {
    const value = score(words, contentWords(entry.label));
    if (value > bestScore + 1e-9) {
      best = entry;
      bestScore = value;
      tied = false;
    } else if (value > 0 && Math.abs(value - bestScore) <= 1e-9) {
      tied = true;
    }
  }
  return tied ? null : best;
}

/** True when every content word of the label is accounted for by the entry. */
function coversLabel(label: string, entry: TaxonomyEntry): boolean {
  const words = contentWords(label);
  return overlap(words, contentWords(entry.label)) === words.length;
}

/**
 * Prose lists join the last two labels with "y"/"e" ("Buscadores de empleo,
 * empresas y gremios y OMIL"), while some labels contain "y" themselves
 * ("Empresas y gremios"). Split at a conjunction, rightmost first (the list's
 * own "y" is usually the last one), when every part matches an entry.
 */
function splitConjunction(label: string, entries: readonly TaxonomyEntry[], depth = 0): TaxonomyEntry[] | null {
  if (depth > 3) return null;
  const conjunctions = [...label.matchAll(/\s+[ye]\s+/gi)].reverse();
  for (const conjunction of conjunctions) {
    const index = conjunction.index ?? 0;
    const left = label.slice(0, index).trim();
    const right = label.slice(index + conjunction[0].length).trim();
    const rightEntry = matchTaxonomyLabel(right, entries);
    if (!left || !rightEntry) continue;
    const leftEntry = matchTaxonomyLabel(left, entries);
    if (leftEntry && coversLabel(left, leftEntry)) return [leftEntry, rightEntry];
    const leftSplit = splitConjunction(left, entries, depth + 1);
    if (leftSplit) return [...leftSplit, rightEntry];
    if (leftEntry) return [leftEntry, rightEntry];
  }
  return null;
}

/**
 * Best reading of one written label: a direct match that accounts for all its
 * words, else a split at "y", else a partial direct match, else nothing.
 */
function resolveLabel(label: string, entries: readonly TaxonomyEntry[]): TaxonomyEntry[] {
  const direct = matchTaxonomyLabel(label, entries);
  if (direct && coversLabel(label, direct)) return [direct];
  const split = splitConjunction(label, entries);
  if (split) return split;
  return direct ? [direct] : [];
}

export function matchTaxonomyLabels(
  labels: readonly string[],
  entries: readonly TaxonomyEntry[],
  options: { taxonomyLabel?: string } = {},
): TaxonomyMatchResult {
  const what = options.taxonomyLabel ?? "la lista";
  const details: TaxonomyLabelMatch[] = [];
  for (let i = 0; i < labels.length; i += 1) {
    const written = labels[i];
    const found = resolveLabel(written, entries);
    if (found.length > 0) {
      found.forEach((entry) => details.push({ written, entry }));
      continue;
    }
    // A label with a comma inside ("Comunicaciones…, Identidad…") written as
    // prose was split by the parser; try it together with the next piece.
    const next = labels[i + 1];
    const joined = next ? `${written}, ${next}` : "";
    const joinedEntry = next ? matchTaxonomyLabel(joined, entries) : null;
    if (next && joinedEntry && resolveLabel(next, entries).length === 0) {
      details.push({ written: joined, entry: joinedEntry });
      i += 1;
      continue;
    }
    details.push({ written, entry: null });
  }

  const matched: TaxonomyEntry[] = [];
  for (const { entry } of details) {
    if (entry && !matched.some((m) => m.slug === entry.slug)) matched.push(entry);
  }
  const unmatched = details.filter((d) => d.entry === null).map((d) => d.written);
  const warnings = unmatched.map(
    (label) => `«${label}» no coincide con ninguna opción de ${what}; se conservó para que la revises.`,
  );
  return { matched, unmatched, details, warnings };
}
