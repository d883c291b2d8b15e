import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { countCharacters, documentText } from "~/editor/document-text";
import { appendBudgetRow, deriveProposalContent, paragraphsJson, readBudget, replaceContentWith, writeSectionJson } from "~/editor/proposal-doc";
import { diffLines } from "~/utils/text-diff";
import { closingInstant, describeTimeLeft } from "~/features/proposals/deadline";

describe("proposal documents", () => {
  it("derives text per section from the shared schema, lists and hard breaks included", () => {
    const doc = new Y.Doc();
    writeSectionJson(doc, "s1", {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "Hola " }, { type: "text", text: "red", marks: [{ type: "bold" }] }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "uno" }] }] }] },
      ],
    });
    const content = deriveProposalContent(doc, ["s1", "s2"]);
    expect(content.sections.s1.text).toBe("Hola red\nuno");
    expect(content.sections.s2).toEqual({ json: { type: "doc", content: [] }, text: "", characters: 0 });
    expect(countCharacters(documentText({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "  ñandú  " }] }] }))).toBe(5);
  });

  it("restores a version as a new change: the replaced content is in the same document, nothing else is lost", () => {
    const doc = new Y.Doc();
    writeSectionJson(doc, "s1", paragraphsJson("versión uno"));
    appendBudgetRow(doc, { item: "a", description: "", amount: "1" });
    const version = deriveProposalContent(doc, ["s1"]);
    writeSectionJson(doc, "s1", paragraphsJson("versión dos"));
    appendBudgetRow(doc, { item: "b", description: "", amount: "2" });
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(doc);
    replaceContentWith(doc, version, ["s1"]);
    // The restore travels as an ordinary update to others.
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, before));
    expect(deriveProposalContent(peer, ["s1"]).sections.s1.text).toBe("versión uno");
    expect(readBudget(peer)).toEqual([{ item: "a", description: "", amount: "1" }]);
  });

  it("compares a version with the current text line by line", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
  });

  it("closes calls at 23:59:59 in Chile and counts down in Spanish", () => {
    const closes = closingInstant("2026-12-01");
    expect(closes.toISOString()).toBe("2026-12-02T02:59:59.000Z"); // summer time: UTC−3
    expect(describeTimeLeft(closes, closes.getTime() - (2 * 86_400_000 + 3 * 3_600_000)).text).toBe("Quedan 2 días y 3 horas para el cierre.");
    expect(describeTimeLeft(closes, closes.getTime() - 61 * 60_000)).toEqual({ closed: false, text: "Quedan 1 hora y 1 minuto para el cierre.", urgent: true });
    expect(describeTimeLeft(closes, closes.getTime() + 1).closed).toBe(true);
  });
});
