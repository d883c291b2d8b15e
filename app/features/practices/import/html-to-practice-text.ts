/**
 * Converts the simple HTML that mammoth produces from a .docx into the
 * markdown-ish text the practice parser reads.
 *
 * We go through HTML instead of mammoth's raw-text mode because raw text loses
 * what the parser needs: which lines are headings, which are list items, and
 * which words are bold ("**Título:** …"). Mammoth's output is well-formed and
 * uses a handful of tags (p, h1–h6, ul/ol/li, strong, em, a, br, table), so a
 * small tokenizer is enough; unknown tags are ignored and their text kept.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const point = code[1].toLowerCase() === "x" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(point) ? String.fromCodePoint(point) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "div", "caption"]);

interface ListState {
  ordered: boolean;
  next: number;
}

export function htmlToPracticeText(html: string): string {
  const blocks: string[] = [];
  const lists: ListState[] = [];
  let line = "";
  let inHeading = false;
  let href: string | null = null;
  let linkText = "";

  const endLine = () => {
    // Collapse runs of spaces but keep the leading indentation of nested items.
    const indent = /^ */.exec(line)?.[0] ?? "";
    const text = indent + line.slice(indent.length).replace(/[ \t]+/g, " ").replace(/ ?\n ?/g, "\n").trimEnd();
    if (text.trim()) blocks.push(text);
    line = "";
  };
  const write = (text: string) => {
    if (href !== null) linkText += text;
    line += text;
  };
  // Word often puts the space inside the bold run ("<strong>Título: </strong>");
  // markdown-ish marks must hug the text, so spaces move outside them.
  let openedMark: string | null = null;
  const openMark = (mark: string) => {
    line += mark;
    openedMark = mark;
  };
  const closeMark = (mark: string) => {
    const trailing = /\s*$/.exec(line)?.[0] ?? "";
    line = line.slice(0, line.length - trailing.length) + mark + trailing;
  };
  const writeText = (text: string) => {
    if (openedMark && line.endsWith(openedMark)) {
      const leading = /^\s*/.exec(text)?.[0] ?? "";
      line = line.slice(0, line.length - openedMark.length) + leading + openedMark;
      text = text.slice(leading.length);
    }
    if (text) openedMark = null;
    write(text);
  };

  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    if (m[4] !== undefined) {
      writeText(decodeEntities(m[4]).replace(/\s+/g, " "));
      continue;
    }
    const closing = m[1] === "/";
    const tag = m[2].toLowerCase();
    if (/^h[1-6]$/.test(tag)) {
      if (!closing) {
        endLine();
        line = `${"#".repeat(Number(tag[1]))} `;
        inHeading = true;
      } else {
        inHeading = false;
        endLine();
      }
    } else if (tag === "ul" || tag === "ol") {
      if (!closing) {
        endLine();
        lists.push({ ordered: tag === "ol", next: 1 });
      } else {
        endLine();
        lists.pop();
      }
    } else if (tag === "li" && !closing) {
      endLine();
      const list = lists[lists.length - 1] ?? { ordered: false, next: 1 };
      const marker = list.ordered ? `${list.next++}.` : "-";
      line = `${"  ".repeat(Math.max(0, lists.length - 1))}${marker} `;
    } else if (tag === "strong" || tag === "b") {
      // Headings are bold by style already; doubling the marks would hide them.
      if (!inHeading) (closing ? closeMark : openMark)("**");
    } else if (tag === "em" || tag === "i") {
      if (!inHeading) (closing ? closeMark : openMark)("*");
    } else if (tag === "br") {
      write("\n");
    } else if (tag === "a") {
      if (!closing) {
        const target = /href\s*=\s*"([^"]*)"/i.exec(m[3]);
        href = target ? decodeEntities(target[1]) : "";
        linkText = "";
      } else {
        // Keep the address when the visible text does not show it.
        if (href && /^https?:/i.test(href) && !linkText.includes(href)) write(` (${href})`);
        href = null;
      }
    } else if (BLOCK_TAGS.has(tag)) {
      if (lists.length === 0 || tag !== "p") endLine();
    }
  }
  endLine();

  // Consecutive list lines stay together; everything else is its own block.
  let out = "";
  blocks.forEach((block, i) => {
    const isItem = /^\s*(?:-|\d+\.)\s/.test(block);
    const previousIsItem = i > 0 && /^\s*(?:-|\d+\.)\s/.test(blocks[i - 1]);
    if (i > 0) out += isItem && previousIsItem ? "\n" : "\n\n";
    out += block.replace(/\*\*(\s*)\*\*/g, "$1");
  });
  return out;
}
