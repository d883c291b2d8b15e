import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import type { ProposalContent } from "~/db/schema/proposals";
import { countCharacters, documentText, type PmJsonNode } from "./document-text.ts";
import { readBudget, replaceBudget } from "./budget-doc.ts";
import { proposalSectionSchema, sectionFragmentName } from "./extensions.ts";

/*
 * The shape of a proposal's Y.Doc, read and written the same way in the
 * browser and on the server: one Y.XmlFragment per call section and the
 * budget rows (a Y.Array of Y.Map of Y.Text cells, see ./budget-doc.ts).
 */

// The budget lives in ./budget-doc.ts; re-exported for the callers that read a whole proposal.
export { appendBudgetRow, budgetTotal, parseClpAmount, readBudget, type BudgetRow } from "./budget-doc.ts";

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
    replaceBudget(doc, target.budget);
  });
}
