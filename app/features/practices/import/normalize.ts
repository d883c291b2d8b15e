/**
 * Text folding shared by heading recognition and taxonomy matching.
 *
 * People type headings and labels with and without accents, in capitals, with
 * stray punctuation ("¿Cómo surgió?", "COMO SURGIO", "Como surgió:"), so every
 * comparison happens on a folded form. Browser-safe: no Node imports.
 */
import { foldAccents } from "~/utils/text";

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
