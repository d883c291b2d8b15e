/**
 * Text folding shared by heading recognition and taxonomy matching.
 *
 * People type headings and labels with and without accents, in capitals, with
 * stray punctuation ("¿Cómo surgió?", "COMO SURGIO", "Como surgió:"), so every
 * comparison happens on a folded form. Browser-safe: no Node imports.
 */

/** Lower case without diacritics ("Ñuble" → "nuble", "Práctica" → "practica"). */
export function foldAccents(value: string): string {
  return value.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/**
 * Folded form for matching: no accents, no punctuation, single spaces.
 * Letters and digits are kept; everything else becomes a separator.
 */
export function foldForMatch(value: string): string {
  return foldAccents(value)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Line endings to "\n", BOM and non-breaking spaces removed. */
export function normalizeNewlines(value: string): string {
  return value
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00A0\u202F]/g, " ")
    .replace(/[\u2028\u2029]/g, "\n");
}

/**
 * Levenshtein distance, giving up (returning max + 1) as soon as the distance
 * is certain to exceed `max`; headings and labels are short, and we only care
 * about "one or two typos", so the early exit keeps matching cheap.
 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}
