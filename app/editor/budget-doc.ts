import { uuidv4 } from "lib0/random";
import * as Y from "yjs";
import { BUDGET_ARRAY_NAME } from "./extensions.ts";

/*
 * The budget inside a proposal's Y.Doc, read and written the same way in the
 * browser and on the server (decision 0120).
 *
 * Shape: a Y.Array of rows; each row a Y.Map with a stable "id" (string) and
 * one Y.Text per cell ("item", "description", "amount"), so two people typing
 * in one cell merge character by character. Documents stored before that held
 * plain strings in the row maps (no id): every reader here accepts both, and
 * `upgradeBudget` (run by the collab server when it loads a document) turns
 * them into the new shape. Amounts stay text so a value that is not a number
 * is kept (and flagged) rather than lost.
 */

export const BUDGET_FIELDS = ["item", "description", "amount"] as const;
export type BudgetField = (typeof BUDGET_FIELDS)[number];

export interface BudgetRow {
  item: string;
  description: string;
  amount: string;
}

/** A row as the editor shows it: its stable id and the text of each cell. */
export interface BudgetRowView extends BudgetRow {
  id: string;
}

export type BudgetRowMap = Y.Map<unknown>;

export function budgetArray(doc: Y.Doc): Y.Array<BudgetRowMap> {
  return doc.getArray<BudgetRowMap>(BUDGET_ARRAY_NAME);
}

const isRowMap = (value: unknown): value is BudgetRowMap => value instanceof Y.Map;

/** The cell's shared text, or null while it still holds the old plain string. */
export function cellText(row: BudgetRowMap, field: BudgetField): Y.Text | null {
  const value = row.get(field);
  return value instanceof Y.Text ? value : null;
}

/** The cell's text in either shape ("" when missing). */
export function cellValue(row: BudgetRowMap, field: BudgetField): string {
  const value = row.get(field);
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return value instanceof Y.AbstractType ? value.toString() : "";
}

/** A row's id; rows of the old shape have none until upgraded, so their position stands in. */
export function rowIdOf(row: BudgetRowMap, index: number): string {
  const id = row.get("id");
  return typeof id === "string" && id !== "" ? id : `posicion-${index}`;
}

export function readBudgetRows(doc: Y.Doc): BudgetRowView[] {
  return budgetArray(doc)
    .toArray()
    .map((row, index) => (isRowMap(row) ? { id: rowIdOf(row, index), item: cellValue(row, "item"), description: cellValue(row, "description"), amount: cellValue(row, "amount") } : null))
    .filter((row): row is BudgetRowView => row !== null);
}

/** The rows as plain text (what rules, exports and proposals.content read), from either shape. */
export function readBudget(doc: Y.Doc): BudgetRow[] {
  return readBudgetRows(doc).map(({ item, description, amount }) => ({ item, description, amount }));
}

export const newRowId = () => uuidv4();

function newRowMap(values: Partial<BudgetRow>, id: string): BudgetRowMap {
  const map = new Y.Map<unknown>();
  map.set("id", id);
  for (const field of BUDGET_FIELDS) map.set(field, new Y.Text(values[field] ?? ""));
  return map;
}

/** Inserts a row at `index` (clamped); returns its id. */
export function insertBudgetRow(doc: Y.Doc, index: number, values: Partial<BudgetRow> = {}, id: string = newRowId(), origin?: unknown): string {
  const array = budgetArray(doc);
  doc.transact(() => array.insert(Math.max(0, Math.min(index, array.length)), [newRowMap(values, id)]), origin);
  return id;
}

export function appendBudgetRow(doc: Y.Doc, values: Partial<BudgetRow> = {}): string {
  return insertBudgetRow(doc, budgetArray(doc).length, values);
}

export function findBudgetRowIndex(doc: Y.Doc, id: string): number {
  return budgetArray(doc)
    .toArray()
    .findIndex((row, index) => isRowMap(row) && rowIdOf(row, index) === id);
}

/** Deletes the row with this id (as one change tagged `origin`); false when it is gone already. */
export function deleteBudgetRow(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const index = findBudgetRowIndex(doc, id);
  if (index < 0) return false;
  doc.transact(() => budgetArray(doc).delete(index, 1), origin);
  return true;
}

/** The cell's Y.Text, turning an old plain string into one first (a row not yet upgraded, edited by a new client). */
export function ensureCellText(row: BudgetRowMap, field: BudgetField): Y.Text {
  const existing = cellText(row, field);
  if (existing) return existing;
  const text = new Y.Text(cellValue(row, field));
  row.set(field, text);
  return text;
}

/** Replaces every row (restoring a version) as new changes. */
export function replaceBudget(doc: Y.Doc, rows: BudgetRow[]) {
  doc.transact(() => {
    const array = budgetArray(doc);
    array.delete(0, array.length);
    array.push(rows.map((row) => newRowMap(row, newRowId())));
  });
}

function rowNeedsUpgrade(row: unknown): boolean {
  if (!isRowMap(row)) return false;
  return typeof row.get("id") !== "string" || BUDGET_FIELDS.some((field) => !(row.get(field) instanceof Y.Text));
}

export function budgetNeedsUpgrade(doc: Y.Doc): boolean {
  return budgetArray(doc).toArray().some(rowNeedsUpgrade);
}

/** FNV-1a over the bytes: the same state gives the same number in every process. */
function hashBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * Turns rows of the old shape (plain strings, no id) into the new one, in
 * place (no row is copied, so nothing can be duplicated). The change is made
 * by a client id derived from the document's full state: two collab processes
 * that load the same stored document at once produce byte-identical changes,
 * which Yjs applies once. Returns whether anything changed.
 */
export function upgradeBudget(doc: Y.Doc, origin?: unknown): boolean {
  if (!budgetNeedsUpgrade(doc)) return false;
  const state = Y.encodeStateAsUpdate(doc);
  let clientId = hashBytes(state) || 1;
  while (doc.store.clients.has(clientId)) clientId = (clientId + 1) >>> 0 || 1;
  const scratch = new Y.Doc();
  scratch.clientID = clientId;
  Y.applyUpdate(scratch, state);
  scratch.transact(() => {
    budgetArray(scratch)
      .toArray()
      .forEach((row, index) => {
        if (!rowNeedsUpgrade(row)) return;
        if (typeof row.get("id") !== "string") row.set("id", `${clientId.toString(36)}-${index}`);
        for (const field of BUDGET_FIELDS) if (!(row.get(field) instanceof Y.Text)) row.set(field, new Y.Text(cellValue(row, field)));
      });
  });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(doc)), origin);
  scratch.destroy();
  return true;
}

/** "1.500.000", "$ 1.500.000" or "1500000" → 1500000; anything else → null (flagged in the row). */
export function parseClpAmount(value: string): number | null {
  const cleaned = value.replace(/\$|\s/g, "").replace(/\.(?=\d{3}(\D|$))/g, "");
  if (cleaned === "" || !/^\d+$/.test(cleaned)) return null;
  const amount = Number(cleaned);
  return Number.isSafeInteger(amount) ? amount : null;
}

export const isBlankRow = (row: BudgetRow) => row.item.trim() === "" && row.description.trim() === "" && row.amount.trim() === "";

/** Sum of the amounts; rows with something that is not an amount are listed (by index) instead of counted. */
export function budgetTotal(rows: BudgetRow[]): { total: number; invalidRows: number[] } {
  let total = 0;
  const invalidRows: number[] = [];
  rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const amount = parseClpAmount(row.amount);
    if (amount === null) invalidRows.push(index);
    else total += amount;
  });
  return { total, invalidRows };
}
