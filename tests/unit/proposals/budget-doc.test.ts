import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { diffAtCaret, moveCaret } from "~/editor/budget-cell.client";
import {
  appendBudgetRow,
  budgetArray,
  budgetNeedsUpgrade,
  budgetTotal,
  cellText,
  deleteBudgetRow,
  readBudget,
  readBudgetRows,
  upgradeBudget,
} from "~/editor/budget-doc";

/* The budget's shape in the Y.Doc (decision 0120): Y.Text cells, stable row ids, the old shape read and upgraded. */

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

/** Types `text` one character at a time at the end of the cell, as the input does. */
function typeAtEnd(doc: Y.Doc, rowIndex: number, text: string) {
  const cell = cellText(budgetArray(doc).get(rowIndex), "item")!;
  for (const ch of text) cell.insert(cell.length, ch);
}

/** A document as the portal stored budgets before: plain strings in the row maps, no id. */
function oldShapeDoc(rows: { item: string; description: string; amount: string }[]): Y.Doc {
  const doc = new Y.Doc();
  for (const row of rows) {
    const map = new Y.Map<string>();
    for (const [key, value] of Object.entries(row)) map.set(key, value);
    doc.getArray("budget").push([map]);
  }
  return doc;
}

describe("budget cells as shared text", () => {
  it("merges two people typing in the same cell at once: both texts intact, not interleaved", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    appendBudgetRow(a);
    sync(a, b);
    // Concurrent: neither has seen the other's characters.
    typeAtEnd(a, 0, "Café ");
    typeAtEnd(b, 0, "Arriendo");
    sync(a, b);
    const merged = readBudget(a)[0].item;
    expect(readBudget(b)[0].item).toBe(merged);
    expect(merged).toContain("Café ");
    expect(merged).toContain("Arriendo");
    expect(merged.length).toBe("Café Arriendo".length);
  });

  it("keeps the keystrokes of someone typing in the next row while a row is deleted", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    appendBudgetRow(a, { item: "Carpas", amount: "100" });
    const nextId = appendBudgetRow(a, { item: "Radio", amount: "200" });
    sync(a, b);
    deleteBudgetRow(a, readBudgetRows(a)[0].id);
    typeAtEnd(b, 1, " local");
    sync(a, b);
    expect(readBudgetRows(a)).toEqual([{ id: nextId, item: "Radio local", description: "", amount: "200" }]);
    expect(readBudgetRows(b)).toEqual(readBudgetRows(a));
  });

  it("undoes a row deletion with its text, and totals follow", () => {
    const doc = new Y.Doc();
    appendBudgetRow(doc, { item: "Carpas", amount: "1.500.000" });
    const id = appendBudgetRow(doc, { item: "Radio", description: "Cuñas", amount: "$ 900.000" });
    appendBudgetRow(doc, { item: "Afiches", amount: "por definir" });
    expect(budgetTotal(readBudget(doc))).toEqual({ total: 2_400_000, invalidRows: [2] });
    const origin = { test: "delete" };
    const undo = new Y.UndoManager(budgetArray(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    deleteBudgetRow(doc, id, origin);
    expect(budgetTotal(readBudget(doc)).total).toBe(1_500_000);
    undo.undo();
    expect(readBudgetRows(doc)[1]).toEqual({ id, item: "Radio", description: "Cuñas", amount: "$ 900.000" });
    expect(budgetTotal(readBudget(doc)).total).toBe(2_400_000);
  });

  it("reads the old shape and upgrades it in place; two processes upgrading the same state agree", () => {
    const stored = oldShapeDoc([
      { item: "Arriendo de vehículo", description: "Rondas", amount: "3.600.000" },
      { item: "Notebook", description: "", amount: "850.000" },
    ]);
    expect(budgetNeedsUpgrade(stored)).toBe(true);
    expect(readBudget(stored)).toEqual([
      { item: "Arriendo de vehículo", description: "Rondas", amount: "3.600.000" },
      { item: "Notebook", description: "", amount: "850.000" },
    ]);
    const state = Y.encodeStateAsUpdate(stored);
    const [first, second] = [new Y.Doc(), new Y.Doc()];
    Y.applyUpdate(first, state);
    Y.applyUpdate(second, state);
    expect(upgradeBudget(first)).toBe(true);
    expect(upgradeBudget(second)).toBe(true);
    // The same change twice: applied once, no row duplicated, one id per row.
    sync(first, second);
    const rows = readBudgetRows(first);
    expect(rows.map((r) => r.item)).toEqual(["Arriendo de vehículo", "Notebook"]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    expect(readBudgetRows(second)).toEqual(rows);
    expect(cellText(budgetArray(first).get(0), "description")?.toString()).toBe("Rondas");
    expect(budgetNeedsUpgrade(first)).toBe(false);
    expect(upgradeBudget(first)).toBe(false);
    // Typing in an upgraded cell merges as text.
    typeAtEnd(first, 1, " Pro");
    typeAtEnd(second, 1, "!");
    sync(first, second);
    expect(readBudget(first)[1].item).toMatch(/^Notebook( Pro!|! Pro)$/);
  });

  it("turns typing into the smallest change at the caret and moves a caret under remote changes", () => {
    expect(diffAtCaret("ab", "acb", 2)).toEqual({ index: 1, remove: 0, insert: "c" });
    expect(diffAtCaret("Carpas", "Carpa", 5)).toEqual({ index: 5, remove: 1, insert: "" });
    expect(diffAtCaret("Carpas grandes", "Carpas chicas", 12)).toEqual({ index: 7, remove: 6, insert: "chica" });
    expect(diffAtCaret("", "150.000", 7)).toEqual({ index: 0, remove: 0, insert: "150.000" });
    // Remote text inserted before the caret pushes it; at the caret it stays in front.
    expect(moveCaret(4, [{ insert: "ab" }])).toBe(6);
    expect(moveCaret(4, [{ retain: 4 }, { insert: "xyz" }])).toBe(4);
    expect(moveCaret(4, [{ retain: 1 }, { delete: 2 }])).toBe(2);
    expect(moveCaret(2, [{ retain: 1 }, { delete: 5 }])).toBe(1);
  });
});
