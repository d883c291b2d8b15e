/**
 * Turns what an author typed (editor HTML or plain text) into what we store:
 * the canonical markdown-ish text of each rich section and HTML derived from
 * it. Editor HTML is sanitized first and then reduced to text, so the stored
 * HTML is always our own rendering of that text — nothing from the browser is
 * stored as markup. sanitize-html runs once more on the output as a belt.
 */
import sanitizeHtml from "sanitize-html";
import type { PracticeOrganizationType, PracticeRichContent } from "~/db/schema";
import { htmlToPracticeText } from "./import/html-to-practice-text";
import { practiceTextToHtml } from "./import/practice-text-html";
import { RICH_SECTION_KEYS } from "./schema.ts";
import type { RichSectionKey } from "./template.ts";

const ALLOWED = {
  allowedTags: ["p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "h3", "h4", "a"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto"],
};

export function sanitizePracticeHtml(html: string): string {
  return sanitizeHtml(html, ALLOWED);
}

export function richFromText(text: string): { text: string; html: string } {
  // NUL bytes (pasted from broken files) are not valid in PostgreSQL text.
  const clean = text.replace(/\r\n?/g, "\n").split("\u0000").join("").trim();
  return { text: clean, html: sanitizePracticeHtml(practiceTextToHtml(clean)) };
}

export function richFromEditorHtml(html: string): { text: string; html: string } {
  return richFromText(htmlToPracticeText(sanitizePracticeHtml(html)));
}

/** Builds the stored content of every rich section; `htmlKeys` are the ones sent by the editor. */
export function buildRichContent(values: Partial<Record<RichSectionKey, string>>, htmlKeys: readonly string[] = []): PracticeRichContent {
  const content: PracticeRichContent = {};
  for (const key of RICH_SECTION_KEYS) {
    const raw = values[key] ?? "";
    content[key] = htmlKeys.includes(key) ? richFromEditorHtml(raw) : richFromText(raw);
  }
  return content;
}

/** Plain-text length of a section as the author sees it (for limits and counters). */
export function visibleLength(text: string): number {
  return text.replace(/\*\*|(?<!\*)\*(?!\*)/g, "").length;
}

/** Links typed one per line: "https://… optional label". Invalid lines are reported, not dropped silently. */
export function parseLinks(value: string): { links: { url: string; label?: string }[]; invalid: string[] } {
  const links: { url: string; label?: string }[] = [];
  const invalid: string[] = [];
  for (const line of value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const [first, ...rest] = line.split(/\s+/);
    try {
      const url = new URL(first);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
      links.push(rest.length ? { url: url.toString(), label: rest.join(" ") } : { url: url.toString() });
    } catch {
      invalid.push(line);
    }
  }
  return { links, invalid };
}

export function linksToText(links: readonly { url: string; label?: string }[]): string {
  return links.map((l) => (l.label ? `${l.url} ${l.label}` : l.url)).join("\n");
}

/** Guesses the kind of organization from its name, falling back to the owner office's kind. */
export function inferOrganizationType(name: string, ownerKind?: string | null): PracticeOrganizationType {
  const n = name.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  if (/\bred\b|mesa territorial/.test(n)) return "red_territorial";
  if (/direccion regional|\bdr\b/.test(n)) return "direccion_regional";
  if (/nivel central/.test(n)) return "nivel_central";
  if (/\bomil\b|oficina municipal|municipalidad/.test(n)) return "omil";
  if (ownerKind === "omil" || ownerKind === "direccion_regional" || ownerKind === "nivel_central") return ownerKind;
  return "otra";
}
