/**
 * A readable word-level diff between two revisions of a section, for the
 * history page. Longest common subsequence over words (and the whitespace
 * between them); sections are a few thousand words at most, and when the
 * table would grow past a few million cells we fall back to "replaced".
 */
export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

const MAX_CELLS = 4_000_000;

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...(before ? [{ kind: "removed" as const, text: before }] : []),
      ...(after ? [{ kind: "added" as const, text: after }] : []),
    ];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]);
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      push("removed", a[i]);
      i += 1;
    } else {
      push("added", b[j]);
      j += 1;
    }
  }
  while (i < a.length) push("removed", a[i++]);
  while (j < b.length) push("added", b[j++]);
  return parts;
}

export interface FieldChange {
  label: string;
  parts: DiffPart[];
}

/** The changed fields between two snapshots, labelled in Spanish, in the template's order. */
export function diffSnapshots(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  labels: readonly { key: string; label: string; read(snapshot: Record<string, unknown>): string }[],
): FieldChange[] {
  return labels
    .map(({ label, read }) => ({ label, before: before ? read(before) : "", after: read(after) }))
    .filter((f) => f.before !== f.after)
    .map((f) => ({ label: f.label, parts: diffWords(f.before, f.after) }));
}
