/**
 * Turns the raw lines of one section into paragraphs and list items, and back
 * into the canonical markdown-ish text stored in rich fields.
 *
 * Source documents are mostly PDF or Word exports: bullets come as "-", "*",
 * "•" or "1)", and page breaks leave a paragraph cut in two by blank lines
 * ("…y el apoyo de la\n\n\n\nautoridad comunal…"). We mend those cuts here so
 * the editor does not show a sentence split across two paragraphs.
 */

export type Block =
  | { type: "paragraph"; lines: string[] }
  | { type: "item"; level: number; ordered: boolean; number: number; text: string };

const BULLET_ITEM = /^(\s*)[-*•▪◦·–—+]\s+(.*)$/;
const NUMBERED_ITEM = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;
/** A sentence that ends like this is complete; anything else may continue after a page break. */
const SENTENCE_END = /[.:;!?…)»"”'\]]$/;
const STARTS_LOWERCASE = /^\p{Ll}/u;
const HORIZONTAL_RULE = /^\s*(?:[-*_]\s*){3,}$/;

function parseItem(line: string): Extract<Block, { type: "item" }> | null {
  const numbered = NUMBERED_ITEM.exec(line);
  if (numbered) {
    return { type: "item", level: indentLevel(numbered[1]), ordered: true, number: Number(numbered[2]), text: numbered[3].trim() };
  }
  const bullet = BULLET_ITEM.exec(line);
  if (bullet) return { type: "item", level: indentLevel(bullet[1]), ordered: false, number: 0, text: bullet[2].trim() };
  return null;
}

function indentLevel(indent: string): number {
  const width = indent.replace(/\t/g, "    ").length;
  return Math.min(3, Math.floor(width / 2));
}

function lastText(block: Block): string {
  return block.type === "item" ? block.text : block.lines[block.lines.length - 1];
}

function appendToLastLine(block: Block, text: string): void {
  if (block.type === "item") block.text = `${block.text} ${text}`;
  else block.lines[block.lines.length - 1] = `${block.lines[block.lines.length - 1]} ${text}`;
}

/** Trailing spaces (markdown hard breaks) and tabs are noise in imported text. */
export function cleanLine(line: string): string {
  return line.replace(/\s+$/, "").replace(/\t/g, "    ");
}

export function toBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let blankBefore = false;
  for (const raw of lines) {
    const line = cleanLine(raw);
    if (!line.trim() || HORIZONTAL_RULE.test(line)) {
      blankBefore = true;
      continue;
    }
    const previous = blocks[blocks.length - 1];
    const item = parseItem(line);
    if (item) {
      blocks.push(item);
    } else if (!previous) {
      blocks.push({ type: "paragraph", lines: [line.trim()] });
    } else if (blankBefore) {
      // A page break cut the sentence: the previous block ends mid-sentence
      // and this one starts in lower case. Glue them back together.
      if (!SENTENCE_END.test(lastText(previous)) && STARTS_LOWERCASE.test(line.trim())) {
        appendToLastLine(previous, line.trim());
      } else {
        blocks.push({ type: "paragraph", lines: [line.trim()] });
      }
    } else if (previous.type === "item") {
      // A wrapped list item: the text continues on the next line.
      appendToLastLine(previous, line.trim());
    } else {
      previous.lines.push(line.trim());
    }
    blankBefore = false;
  }
  return blocks;
}

/**
 * Canonical rich text: blocks separated by one blank line, items of the same
 * list on consecutive lines, nested items indented two spaces per level.
 */
export function blocksToText(blocks: readonly Block[]): string {
  let out = "";
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    if (i > 0) out += previous.type === "item" && block.type === "item" ? "\n" : "\n\n";
    if (block.type === "paragraph") out += block.lines.join("\n");
    else out += `${"  ".repeat(block.level)}${block.ordered ? `${block.number}.` : "-"} ${block.text}`;
  });
  return out;
}

export function linesToRichText(lines: readonly string[]): string {
  return blocksToText(toBlocks(lines));
}

function stripInlineMarks(value: string): string {
  return value.replace(/(\*\*|__)(.+?)\1/g, "$2").replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?=[^\w*]|$)/g, "$1$2");
}

/** One-line fields (title, organization): everything joined with single spaces. */
export function linesToSingleLine(lines: readonly string[]): string {
  return toBlocks(lines)
    .map((block) => (block.type === "item" ? block.text : block.lines.join(" ")))
    .map(stripInlineMarks)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Splits "a, b; c" at commas and semicolons outside parentheses. */
function splitProse(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of line) {
    if (char === "(" || char === "[") depth += 1;
    if ((char === ")" || char === "]") && depth > 0) depth -= 1;
    if (depth === 0 && (char === "," || char === ";" || char === "|")) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function cleanLabel(value: string): string {
  return stripInlineMarks(value)
    .replace(/\s+/g, " ")
    .replace(/^[\s.·:-]+|[\s.,;:]+$/g, "")
    .trim();
}

/**
 * Labels of a multi-select section. Each bullet is one label, as written (a
 * label may itself contain commas, e.g. "Comunicaciones…, Identidad Pública…");
 * prose lines are split at commas and semicolons.
 */
export function linesToLabels(lines: readonly string[]): string[] {
  const labels: string[] = [];
  for (const block of toBlocks(lines)) {
    const pieces = block.type === "item" ? [block.text] : block.lines.flatMap(splitProse);
    for (const piece of pieces) {
      const label = cleanLabel(piece);
      if (label && !labels.some((l) => l.toLowerCase() === label.toLowerCase())) labels.push(label);
    }
  }
  return labels;
}
