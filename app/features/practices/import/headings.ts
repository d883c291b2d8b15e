/**
 * Recognises the template's section headings in a line of text.
 *
 * Write-ups arrive as Word documents, pasted text or markdown, so the same
 * heading shows up as "### Título Buena Práctica", "**Titulo**", "TÍTULO
 * BUENA PRACTICA", "Título:" or "Título: Mesa territorial…" (value on the same
 * line). A line is a heading only when, after removing those decorations, the
 * whole remaining label equals a known wording (allowing a typo or two in long
 * labels): a sentence that merely starts with "Impacto" stays content.
 */
import {
  PRACTICE_SECTIONS,
  PRACTICE_SECTION_GROUPS,
  type PracticeSectionKey,
  type SectionKind,
} from "../template";
import { boundedLevenshtein } from "~/utils/text";
import { foldForMatch } from "./normalize";

export type HeadingMatch =
  | {
      type: "section";
      key: PracticeSectionKey;
      kind: SectionKind;
      /** Value written on the heading line itself ("Título: Mesa territorial"). */
      inline: string;
      /** Marked as a heading with "#" or bold, rather than plain "Label: value". */
      decorated: boolean;
    }
  /** A grouping heading ("Descripción de la Buena Práctica") or the document title. */
  | { type: "structural" };

/** Longer lines are prose, never headings. */
const MAX_HEADING_LENGTH = 160;
const MAX_LABEL_LENGTH = 90;

/**
 * "… buena práctica" endings vary freely ("de esta Buena Práctica", "por la
 * Buena Práctica", "como buena práctica", "Buenas Prácticas"); dropping them
 * lets one alias cover every variant.
 */
const PRACTICE_SUFFIX =
  /\s+(?:(?:de|por|en|como|para)\s+)?(?:(?:esta|estas|la|las|una)\s+)?(?:buenas?\s+)?practicas?$/;

function headingKey(label: string): string {
  const folded = foldForMatch(label);
  const stripped = folded.replace(PRACTICE_SUFFIX, "");
  return stripped || folded;
}

type Target = { type: "section"; key: PracticeSectionKey; kind: SectionKind } | { type: "structural" };

const TARGETS: ReadonlyMap<string, Target> = (() => {
  const map = new Map<string, Target>();
  for (const group of Object.values(PRACTICE_SECTION_GROUPS)) {
    for (const wording of [group.label, ...group.aliases]) map.set(headingKey(wording), { type: "structural" });
  }
  // Sections win over groups if a wording were ever shared.
  for (const section of PRACTICE_SECTIONS) {
    for (const wording of [section.label, ...section.aliases]) {
      map.set(headingKey(wording), { type: "section", key: section.key, kind: section.kind });
    }
  }
  return map;
})();

function lookup(label: string): Target | null {
  const key = headingKey(label);
  if (!key) return null;
  const exact = TARGETS.get(key);
  if (exact) return exact;
  // Typos only count in long labels: "impacto" vs "impacta" must not match.
  if (key.length < 10) return null;
  const tolerance = key.length >= 20 ? 2 : 1;
  let best: { target: Target; distance: number } | null = null;
  for (const [wording, target] of TARGETS) {
    if (wording.length < 10) continue;
    const distance = boundedLevenshtein(key, wording, tolerance);
    if (distance <= tolerance && (!best || distance < best.distance)) best = { target, distance };
  }
  return best?.target ?? null;
}

/** "1.", "2.1", "II." or "3)" in front of a heading. */
const NUMBERING = /^(?:\d+(?:\.\d+)*[.)]?|[IVXivx]+[.)])\s+/;
const BULLET = /^[-*•▪◦·–+]\s/;

function stripEmphasis(value: string): string {
  return value.replace(/^(\*\*|__)(.*)\1$/, "$2").trim();
}

/**
 * Splits a line into a heading label and an inline value, or returns null when
 * the line cannot be a heading at all. `decorated` tells whether the author
 * marked it as a heading (# or bold), which we require before accepting
 * inline values for long-text sections.
 */
function splitCandidate(line: string): { label: string; inline: string; decorated: boolean } | null {
  let rest = line.trim();
  if (!rest || rest.length > MAX_HEADING_LENGTH || BULLET.test(rest)) return null;
  let decorated = false;
  const hashes = /^#{1,6}\s*/.exec(rest);
  if (hashes) {
    rest = rest.slice(hashes[0].length).replace(/\s+#+\s*$/, "");
    decorated = true;
  }

  // "**Título:** valor" or "**Título**: valor" — a bold label followed by text.
  const boldLead = /^(\*\*|__)(.+?)\1\s*(.*)$/.exec(rest);
  if (boldLead) {
    decorated = true;
    let label = boldLead[2].trim();
    let inline = boldLead[3].trim();
    if (inline.startsWith(":")) inline = inline.slice(1).trim();
    if (label.endsWith(":")) label = label.slice(0, -1).trim();
    else if (inline && !boldLead[3].trimStart().startsWith(":")) return null;
    return label.length <= MAX_LABEL_LENGTH ? { label, inline, decorated } : null;
  }

  rest = stripEmphasis(rest);
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const label = rest.slice(0, colon).trim();
    if (!label || label.length > MAX_LABEL_LENGTH) return null;
    return { label, inline: rest.slice(colon + 1).trim(), decorated };
  }
  return { label: rest.replace(/[.]+$/, ""), inline: "", decorated };
}

export function matchHeadingLine(line: string): HeadingMatch | null {
  const candidate = splitCandidate(line);
  if (!candidate) return null;
  const label = candidate.label.replace(NUMBERING, "");
  const target = lookup(label);
  if (!target) return null;
  if (target.type === "structural") return candidate.inline ? null : target;
  // "Impacto: se redujo…" in the middle of a paragraph is content; only short
  // fields, or an explicitly marked heading, may carry their value inline.
  if (candidate.inline && target.kind === "rich" && !candidate.decorated) return null;
  return { ...target, inline: candidate.inline, decorated: candidate.decorated };
}
