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
import { boundedLevenshtein, foldForMatch } from "./normalize";

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
  const union = labelWords.length + entryWords.length - shared;
  const jaccard = shared / union;
  const headBonus = entryWords.some((w) => sameWord(w, labelWords[0])) ? 0.5 : 0;
  const contained = shared === Math.min(labelWords.length, entryWords.length);
  if (contained) return 1 + jaccard + headBonus;
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

/**
 * A label that matches nothing may be two labels joined by "y"/"e" in prose
 * ("OMIL y municipio"), or half of one label that contained a comma and was
 * split ("Comunicaciones…, Identidad Pública…"). Try both repairs.
 */
function splitConjunction(label: string, entries: readonly TaxonomyEntry[]): TaxonomyEntry[] | null {
  const parts = label.split(/\s+[ye]\s+/i).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return null;
  const found = parts.map((part) => matchTaxonomyLabel(part, entries));
  return found.every((entry): entry is TaxonomyEntry => entry !== null) ? found : null;
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
    const direct = matchTaxonomyLabel(written, entries);
    if (direct) {
      details.push({ written, entry: direct });
      continue;
    }
    const next = labels[i + 1];
    const joinedEntry = next ? matchTaxonomyLabel(`${written}, ${next}`, entries) : null;
    if (next && joinedEntry && !matchTaxonomyLabel(next, entries)) {
      details.push({ written: `${written}, ${next}`, entry: joinedEntry });
      i += 1;
      continue;
    }
    const split = splitConjunction(written, entries);
    if (split) split.forEach((entry) => details.push({ written, entry }));
    else details.push({ written, entry: null });
  }

  const matched: TaxonomyEntry[] = [];
  for (const { entry } of details) {
    if (entry && !matched.some((m) => m.slug === entry.slug)) matched.push(entry);
  }
  const unmatched = details.filter((d) => d.entry === null).map((d) => d.written);
  const warnings = unmatched.map(
    (label) => `«${label}» no coincide con ninguna opción de ${what}; se conservó para que la revise.`,
  );
  return { matched, unmatched, details, warnings };
}
