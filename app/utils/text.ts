/** Lower case without accents or ñ marks: "Ñuble" → "nuble", "Práctica" → "practica". Browser-safe. */
export function foldAccents(value: string): string {
  return value.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** Lower case without accents or ñ marks, trimmed, single spaces: for forgiving comparisons. */
export function normalizeForMatch(value: string): string {
  return foldAccents(value)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Text made safe to place inside HTML elements and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * Edit distance, giving up (returning max + 1) as soon as it is certain to
 * exceed `max`: callers only care about "one or two typos", so the early exit
 * keeps matching cheap. With `transpositions`, swapping two neighbouring
 * letters counts as one edit, as in Meilisearch's typo tolerance.
 */
export function boundedLevenshtein(a: string, b: string, max: number, options: { transpositions?: boolean } = {}): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (options.transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}
