/*
 * Plain text of a ProseMirror JSON document, the way the rules count it:
 * blocks separated by a line break, hard breaks as line breaks.
 * Pure (no DOM, no schema), used by the browser's live rules panel and the server.
 */
export interface PmJsonNode {
  type?: string;
  text?: string;
  content?: PmJsonNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export function documentText(node: PmJsonNode | null | undefined): string {
  if (!node) return "";
  const blocks: string[] = [];
  const walk = (n: PmJsonNode, acc: string[]): void => {
    if (n.type === "text") acc.push(n.text ?? "");
    else if (n.type === "hardBreak") acc.push("\n");
    for (const child of n.content ?? []) {
      if (child.type === "paragraph" || child.type === "heading") {
        const inner: string[] = [];
        walk(child, inner);
        blocks.push(inner.join(""));
      } else walk(child, acc);
    }
  };
  const rest: string[] = [];
  walk(node, rest);
  if (rest.length) blocks.push(rest.join(""));
  return blocks.join("\n").replace(/\n+$/, "");
}

/** Characters as a person counts them (code points, not UTF-16 units), without surrounding blank space. */
export function countCharacters(text: string): number {
  return [...text.trim()].length;
}
