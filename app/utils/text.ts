/** Lower case without accents or ñ marks (same length rules as NFD folding): "Ñuble" → "nuble". */
export function foldAccents(value: string): string {
  return value.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
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
