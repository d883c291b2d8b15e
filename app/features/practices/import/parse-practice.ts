/**
 * Reads a good-practice write-up (pasted text, markdown, or the text of a Word
 * document) into the template's fields.
 *
 * Output format of long fields: markdown-ish plain text (blocks separated by
 * a blank line, "- item" / "1. item" lists, line breaks kept, **bold** and
 * *italic* as written). We return text rather than HTML because it is what the
 * search index, the diff view and DOCX export want; the editor converts it
 * with `practiceTextToHtml` from `./practice-text-html`.
 *
 * Nothing is dropped: text before the first heading, under a grouping heading
 * or in a document that does not follow the template ends up in
 * `unclassified`, with a Spanish warning so the author reviews it. The only
 * lines discarded are recognised headings, blank lines and horizontal rules.
 *
 * Browser-safe (used by the paste-to-import form as well as the server).
 */
import {
  PRACTICE_SECTIONS,
  emptyPracticeFields,
  type ParsedPractice,
  type PracticeSectionKey,
} from "../template";
import { linesToLabels, linesToRichText, linesToSingleLine } from "./blocks";
import { extractFrontMatter } from "./front-matter";
import { matchHeadingLine } from "./headings";
import { normalizeNewlines } from "./normalize";

/**
 * Fewer recognised sections than this means the text is not a write-up in the
 * template (a report, a letter): one stray "Impacto" line must not turn a
 * 50-page evaluation into a practice with a single field.
 */
const MIN_SECTIONS_FOR_TEMPLATE = 2;
const MAX_TITLE_LENGTH = 200;

type SegmentOwner = PracticeSectionKey | "orphan";

interface Segment {
  owner: SegmentOwner;
  lines: string[];
}

function hasText(lines: readonly string[]): boolean {
  return lines.some((line) => line.trim() !== "");
}

function segment(lines: readonly string[]): Segment[] {
  const segments: Segment[] = [{ owner: "orphan", lines: [] }];
  const filled = new Set<SegmentOwner>();
  for (const line of lines) {
    const current = segments[segments.length - 1];
    if (hasText(current.lines)) filled.add(current.owner);
    const heading = matchHeadingLine(line);
    // A plain "Beneficiarios: 300 personas" inside another section, once that
    // section was already written, is a sentence, not a second heading.
    const isSentence =
      heading?.type === "section" &&
      heading.inline !== "" &&
      !heading.decorated &&
      heading.key !== current.owner &&
      filled.has(heading.key);
    if (!heading || isSentence) {
      current.lines.push(line);
    } else if (heading.type === "structural") {
      segments.push({ owner: "orphan", lines: [] });
    } else {
      segments.push({ owner: heading.key, lines: heading.inline ? [heading.inline] : [] });
    }
  }
  return segments;
}

const quoted = (label: string) => `«${label}»`;

export function parsePracticeText(text: string): ParsedPractice {
  const frontMatter = extractFrontMatter(normalizeNewlines(text));
  const warnings = [...frontMatter.warnings];
  const fields = emptyPracticeFields();
  const lines = frontMatter.body.split("\n");
  const segments = segment(lines);

  const found = new Set(segments.map((s) => s.owner).filter((o) => o !== "orphan" && o !== "unclassified"));
  if (found.size < MIN_SECTIONS_FOR_TEMPLATE) {
    fields.unclassified = linesToRichText(lines);
    if (fields.unclassified) {
      warnings.push(
        "El texto no sigue la plantilla de buenas prácticas (no se reconocieron sus títulos de sección). " +
          "Quedó completo en «Sin clasificar» para que lo distribuyas en las secciones a mano.",
      );
    } else {
      warnings.push("El documento no tiene texto.");
    }
    return { ...fields, metadata: frontMatter.metadata, warnings };
  }

  // Gather the lines of each section; a section written twice is merged.
  const collected = new Map<PracticeSectionKey, string[]>();
  const repeated = new Set<PracticeSectionKey>();
  const orphanChunks: string[][] = [];
  for (const { owner, lines: segmentLines } of segments) {
    if (owner === "orphan") {
      if (hasText(segmentLines)) orphanChunks.push(segmentLines);
      continue;
    }
    const previous = collected.get(owner);
    if (previous && hasText(previous) && hasText(segmentLines)) repeated.add(owner);
    collected.set(owner, previous ? [...previous, "", ...segmentLines] : [...segmentLines]);
  }

  const missing: string[] = [];
  for (const section of PRACTICE_SECTIONS) {
    if (section.key === "unclassified") continue;
    const sectionLines = collected.get(section.key) ?? [];
    if (section.kind === "text") fields[section.key] = linesToSingleLine(sectionLines);
    else if (section.kind === "multi") fields[section.key] = linesToLabels(sectionLines);
    else fields[section.key] = linesToRichText(sectionLines);
    if (fields[section.key].length === 0) missing.push(section.label);
  }
  // Word users often end the title with a period; a title is not a sentence.
  fields.title = fields.title.replace(/(?<!\.)\.$/, "");

  // Unplaced text keeps its original order, then any explicit "Sin clasificar".
  const unplaced = orphanChunks.map(linesToRichText);
  const explicit = linesToRichText(collected.get("unclassified") ?? []);
  fields.unclassified = [...unplaced, explicit].filter(Boolean).join("\n\n");

  for (const key of repeated) {
    const label = PRACTICE_SECTIONS.find((s) => s.key === key)?.label ?? key;
    warnings.push(`La sección ${quoted(label)} aparece más de una vez; sus textos se unieron.`);
  }
  if (missing.length > 0) {
    warnings.push(`Secciones vacías o ausentes: ${missing.map(quoted).join(", ")}.`);
  }
  if (fields.title.length > MAX_TITLE_LENGTH) {
    warnings.push("El título es muy largo; probablemente incluye texto de otra sección. Revísalo.");
  }
  if (fields.unclassified) {
    warnings.push(
      "Parte del texto no corresponde a ninguna sección de la plantilla y quedó en «Sin clasificar»; " +
        "muévelo a la sección que corresponda antes de publicar.",
    );
  }
  return { ...fields, metadata: frontMatter.metadata, warnings };
}
