import { useEffect, useRef, type InputHTMLAttributes } from "react";
import * as Y from "yjs";
import { cellText, cellValue, ensureCellText, type BudgetField, type BudgetRowMap } from "./budget-doc.ts";

/*
 * One budget cell bound to its Y.Text (decision 0120). Typing becomes the
 * smallest change at the caret (an insert and/or a delete), so two people in
 * one cell merge character by character; a remote change moves this person's
 * caret with the text instead of throwing it to the end. During an IME or
 * dead-key composition (á, ñ) remote changes wait, and the composed text is
 * applied at its place when the composition ends.
 */

/** The change between two values, anchored at the caret (insertions end there, deletions start there). */
export function diffAtCaret(previous: string, next: string, caret: number): { index: number; remove: number; insert: string } {
  let start = 0;
  const limit = Math.min(previous.length, next.length, caret);
  while (start < limit && previous[start] === next[start]) start += 1;
  let endPrevious = previous.length;
  let endNext = next.length;
  while (endPrevious > start && endNext > Math.max(start, caret) && previous[endPrevious - 1] === next[endNext - 1]) {
    endPrevious -= 1;
    endNext -= 1;
  }
  return { index: start, remove: endPrevious - start, insert: next.slice(start, endNext) };
}

type Delta = { retain?: number; insert?: unknown; delete?: number }[];

/** Where a caret goes after a remote change: insertions at the caret stay after it, so each person keeps typing in their own run. */
export function moveCaret(position: number, delta: Delta): number {
  let at = 0;
  let moved = position;
  for (const op of delta) {
    if (op.retain) at += op.retain;
    else if (typeof op.insert === "string") {
      if (at < moved) moved += op.insert.length;
      at += op.insert.length;
    } else if (op.delete) {
      if (at < moved) moved -= Math.min(op.delete, moved - at);
    }
  }
  return moved;
}

type CellProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "defaultValue" | "onChange" | "onInput"> & {
  row: BudgetRowMap;
  field: BudgetField;
};

export function BudgetCell({ row, field, readOnly, ...rest }: CellProps) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = ref.current;
    const doc = row.doc;
    if (!input || !doc) return;
    const local = {};
    let text = cellText(row, field);
    /** What the input showed after the last sync: local diffs are computed from it. */
    let shown = cellValue(row, field);
    let composing: { base: string; start: Y.RelativePosition | null; end: Y.RelativePosition | null; from: number; to: number } | null = null;
    let remoteWhileComposing = false;
    input.value = shown;

    const showRemote = (delta: Delta | null) => {
      const value = cellValue(row, field);
      if (value === input.value) return void (shown = value);
      const focused = document.activeElement === input;
      const [start, end] = [input.selectionStart ?? value.length, input.selectionEnd ?? value.length];
      input.value = value;
      shown = value;
      if (focused) {
        const move = (p: number) => Math.min(value.length, delta ? moveCaret(p, delta) : p);
        input.setSelectionRange(move(start), move(end));
      }
    };
    const onText = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === local) return;
      if (composing) remoteWhileComposing = true;
      else showRemote(event.delta as Delta);
    };
    let observed: Y.Text | null = null;
    const bind = () => {
      observed?.unobserve(onText);
      text = cellText(row, field);
      observed = text;
      text?.observe(onText);
    };
    bind();
    // The cell's Y.Text replaced (an old-shape cell upgraded, an undo): follow the new one.
    const onRow = (event: Y.YMapEvent<unknown>) => {
      if (!event.keysChanged.has(field)) return;
      bind();
      if (!composing) showRemote(null);
    };
    row.observe(onRow);

    const apply = (index: number, remove: number, insert: string) => {
      if (remove === 0 && insert === "") return;
      doc.transact(() => {
        const target = ensureCellText(row, field);
        if (remove > 0) target.delete(index, remove);
        if (insert) target.insert(index, insert);
      }, local);
      if (!text) bind();
    };
    const onInput = () => {
      if (composing) return;
      const next = input.value;
      const change = diffAtCaret(shown, next, input.selectionEnd ?? next.length);
      apply(change.index, change.remove, change.insert);
      shown = next;
    };
    const onCompositionStart = () => {
      const from = input.selectionStart ?? shown.length;
      const to = input.selectionEnd ?? from;
      composing = {
        base: shown,
        from,
        to,
        start: text ? Y.createRelativePositionFromTypeIndex(text, from) : null,
        end: text ? Y.createRelativePositionFromTypeIndex(text, to, -1) : null,
      };
      remoteWhileComposing = false;
    };
    const onCompositionEnd = () => {
      const started = composing;
      composing = null;
      if (!started) return;
      const next = input.value;
      const change = diffAtCaret(started.base, next, input.selectionEnd ?? next.length);
      if (!remoteWhileComposing) {
        apply(change.index, change.remove, change.insert);
        shown = next;
        return;
      }
      // Others typed meanwhile: place the composed text where the selection moved to.
      const absolute = (position: Y.RelativePosition | null) => (position ? Y.createAbsolutePositionFromRelativePosition(position, doc)?.index : undefined);
      const from = absolute(started.start);
      const to = absolute(started.end);
      const inSelection = change.index === started.from && change.index + change.remove === started.to;
      const index = inSelection && from !== undefined ? from : Math.min(change.index, cellValue(row, field).length);
      const remove = inSelection && from !== undefined && to !== undefined ? Math.max(0, to - from) : change.remove;
      apply(index, remove, change.insert);
      const value = cellValue(row, field);
      input.value = value;
      shown = value;
      const caret = Math.min(value.length, index + change.insert.length);
      input.setSelectionRange(caret, caret);
    };
    input.addEventListener("input", onInput);
    input.addEventListener("compositionstart", onCompositionStart);
    input.addEventListener("compositionend", onCompositionEnd);
    return () => {
      input.removeEventListener("input", onInput);
      input.removeEventListener("compositionstart", onCompositionStart);
      input.removeEventListener("compositionend", onCompositionEnd);
      row.unobserve(onRow);
      observed?.unobserve(onText);
    };
  }, [row, field]);
  return <input ref={ref} readOnly={readOnly} {...rest} />;
}
