/**
 * Converts the markdown-ish text of rich fields to the small HTML subset the
 * editor (TipTap starter kit) and the DOCX export understand.
 *
 * The format, deliberately tiny so authors never need to learn markdown:
 * - blocks are separated by a blank line; a single line break inside a
 *   paragraph is kept (<br>);
 * - "- item" (or "*", "•") and "1. item" lines form lists; two spaces of
 *   indentation per nesting level;
 * - "# Heading" lines (only left in "Sin clasificar" text) become headings;
 * - **bold** and *italic* inline.
 *
 * Every character of the input is HTML-escaped, so the output is safe to
 * hand to the editor without a sanitizer pass. Browser-safe.
 */
import { escapeHtml } from "~/utils/text";

const ITEM = /^(\s*)(?:([-*•])|(\d{1,3})[.)])\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*)$/;


/** Inline marks on already-escaped text. */
export function inlineToHtml(value: string): string {
  return escapeHtml(value)
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, "<strong>$1</strong>")
    .replace(/__(?=\S)(.+?)(?<=\S)__/g, "<strong>$1</strong>")
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, "$1<em>$2</em>");
}

interface OpenList {
  level: number;
  tag: "ul" | "ol";
}

function listToHtml(lines: readonly string[]): string {
  let html = "";
  const stack: OpenList[] = [];
  for (const line of lines) {
    const match = ITEM.exec(line);
    if (!match) continue;
    const level = Math.min(3, Math.floor(match[1].length / 2));
    const tag = match[3] ? "ol" : "ul";
    // Close deeper lists, then a same-level list of the other kind.
    while (stack.length > 0 && stack[stack.length - 1].level > level) {
      html += `</li></${stack.pop()!.tag}>`;
    }
    const top = stack[stack.length - 1];
    if (top && top.level === level && top.tag !== tag) {
      html += `</li></${stack.pop()!.tag}>`;
    }
    const current = stack[stack.length - 1];
    if (current && current.level === level) {
      html += "</li>";
    } else {
      // New list: nested inside the open <li>, or at the top.
      const start = tag === "ol" && match[3] !== "1" ? ` start="${Number(match[3])}"` : "";
      html += `<${tag}${start}>`;
      stack.push({ level, tag });
    }
    html += `<li><p>${inlineToHtml(match[4])}</p>`;
  }
  while (stack.length > 0) html += `</li></${stack.pop()!.tag}>`;
  return html;
}

/** Splits a block into runs of list lines and runs of paragraph lines. */
function blockToHtml(block: string): string {
  const lines = block.split("\n");
  let html = "";
  let run: string[] = [];
  let runIsList = false;
  const flush = () => {
    if (run.length === 0) return;
    if (runIsList) html += listToHtml(run);
    else {
      for (const paragraph of splitHeadings(run)) html += paragraph;
    }
    run = [];
  };
  for (const line of lines) {
    const isItem = ITEM.test(line);
    if (run.length > 0 && isItem !== runIsList) flush();
    runIsList = isItem;
    run.push(line);
  }
  flush();
  return html;
}

function splitHeadings(lines: readonly string[]): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map((l) => inlineToHtml(l.trim())).join("<br>")}</p>`);
    paragraph = [];
  };
  for (const line of lines) {
    const heading = HEADING.exec(line.trim());
    if (heading) {
      flushParagraph();
      const level = heading[1].length <= 2 ? 3 : 4;
      out.push(`<h${level}>${inlineToHtml(heading[2].replace(/\s+#+$/, ""))}</h${level}>`);
    } else paragraph.push(line);
  }
  flushParagraph();
  return out;
}

export function practiceTextToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^\n+|\s+$/g, ""))
    .filter((block) => block.trim() !== "")
    .map(blockToHtml)
    .join("");
}
