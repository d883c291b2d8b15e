import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import type { ProposalContent } from "~/db/schema/proposals";
import { countCharacters, documentText, type PmJsonNode } from "./document-text.ts";
import { BUDGET_ARRAY_NAME, proposalSectionSchema, sectionFragmentName } from "./extensions.ts";

/*
 * The shape of a proposal's Y.Doc, read and written the same way in the
 * browser and on the server: one Y.XmlFragment per call section and a
 * Y.Array of Y.Map budget rows. Amounts stay strings in the document so a
 * value that is not a number is kept (and flagged) rather than lost.
 */

export interface BudgetRow {
  item: string;
  description: string;
  amount: string;
}

export function budgetArray(doc: Y.Doc): Y.Array<Y.Map<string>> {
  return doc.getArray<Y.Map<string>>(BUDGET_ARRAY_NAME);
}

export function readBudget(doc: Y.Doc): BudgetRow[] {
  return budgetArray(doc)
    .toArray()
    .map((row) => ({ item: row.get("item") ?? "", description: row.get("description") ?? "", amount: row.get("amount") ?? "" }));
}

export function appendBudgetRow(doc: Y.Doc, row: BudgetRow = { item: "", description: "", amount: "" }) {
  const map = new Y.Map<string>();
  for (const [k, v] of Object.entries(row)) map.set(k, v);
  budgetArray(doc).push([map]);
}

/** "1.500.000", "$ 1.500.000" or "1500000" → 1500000; anything else → null (flagged in the row). */
export function parseClpAmount(value: string): number | null {
  const cleaned = value.replace(/\$|\s/g, "").replace(/\.(?=\d{3}(\D|$))/g, "");
  if (cleaned === "" || !/^\d+$/.test(cleaned)) return null;
  const amount = Number(cleaned);
  return Number.isSafeInteger(amount) ? amount : null;
}

export function budgetTotal(rows: BudgetRow[]): { total: number; invalidRows: number[] } {
  let total = 0;
  const invalidRows: number[] = [];
  rows.forEach((row, index) => {
    if (row.amount.trim() === "" && row.item.trim() === "" && row.description.trim() === "") return;
    const amount = parseClpAmount(row.amount);
    if (amount === null) invalidRows.push(index);
    else total += amount;
  });
  return { total, invalidRows };
}

export function readSectionJson(doc: Y.Doc, sectionKey: string): PmJsonNode {
  return yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(sectionFragmentName(sectionKey))) as PmJsonNode;
}

/** Replaces a section's content (seeding, restoring a version) as one Yjs change. */
export function writeSectionJson(doc: Y.Doc, sectionKey: string, json: PmJsonNode) {
  const fragment = doc.getXmlFragment(sectionFragmentName(sectionKey));
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(proposalSectionSchema(), json, fragment);
  });
}

/** A paragraph-per-line document, for seeding and tests. */
export function paragraphsJson(text: string): PmJsonNode {
  return {
    type: "doc",
    content: text.split("\n").map((line) => (line ? { type: "paragraph", content: [{ type: "text", text: line }] } : { type: "paragraph" })),
  };
}

/** JSON, text and character count per section plus the budget rows: what rules and exports read. */
export function deriveProposalContent(doc: Y.Doc, sectionKeys: string[]): ProposalContent {
  const sections: ProposalContent["sections"] = {};
  for (const key of sectionKeys) {
    const json = readSectionJson(doc, key);
    const text = documentText(json);
    sections[key] = { json, text, characters: countCharacters(text) };
  }
  return { sections, budget: readBudget(doc) };
}

/** Puts `target`'s content into `doc` as new changes (restoring a version without destroying history). */
export function replaceContentWith(doc: Y.Doc, target: ProposalContent, sectionKeys: string[]) {
  doc.transact(() => {
    for (const key of sectionKeys) writeSectionJson(doc, key, (target.sections[key]?.json as PmJsonNode) ?? { type: "doc", content: [{ type: "paragraph" }] });
    const budget = budgetArray(doc);
    budget.delete(0, budget.length);
    for (const row of target.budget) appendBudgetRow(doc, row);
  });
}
