/**
 * The one text comparison of the portal, on the `diff` package (Myers' algorithm): word level
 * for the practices' revision history, line level for proposal versions. Both are bounded: past
 * MAX_DIFF_CHARS of input, or when the texts differ in more than MAX_EDIT_LENGTH tokens, the
 * comparison gives up and shows the old text removed and the new one added (still correct, just
 * not fine-grained), so a pasted book cannot tie up the server.
 */
import { diffArrays, diffWordsWithSpace } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };
export type DiffLine = DiffPart;

/** Longest input (both sides together) compared in detail. */
export const MAX_DIFF_CHARS = 200_000;
/** Most edits (inserted plus removed tokens) the algorithm explores before giving up. */
export const MAX_EDIT_LENGTH = 5_000;
const TIMEOUT_MS = 250;

function kindOf(change: { added: boolean; removed: boolean }): DiffPart["kind"] {
  return change.added ? "added" : change.removed ? "removed" : "same";
}

function replaced(before: string, after: string): DiffPart[] {
  return [...(before ? [{ kind: "removed" as const, text: before }] : []), ...(after ? [{ kind: "added" as const, text: after }] : [])];
}

/** Word-level differences (spaces kept), adjacent parts of one kind merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  if (before.length + after.length > MAX_DIFF_CHARS) return replaced(before, after);
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDIT_LENGTH, timeout: TIMEOUT_MS });
  if (!changes) return replaced(before, after);
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const kind = kindOf(change);
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else if (change.value) parts.push({ kind, text: change.value });
  }
  return parts;
}

/** Line-by-line differences, one entry per line. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before ? before.split("\n") : [];
  const b = after ? after.split("\n") : [];
  const whole = (kind: DiffLine["kind"], lines: string[]) => lines.map((text) => ({ kind, text }));
  if (before === after) return whole("same", a);
  if (before.length + after.length > MAX_DIFF_CHARS) return [...whole("removed", a), ...whole("added", b)];
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH, timeout: TIMEOUT_MS });
  if (!changes) return [...whole("removed", a), ...whole("added", b)];
  return changes.flatMap((change) => whole(kindOf(change), change.value));
}
