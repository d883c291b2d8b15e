import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { inputBudgetBytes, DEFAULT_MAX_MESSAGE_BYTES, utf8Bytes } from "~/collab/change-limits";
import { estimateRestoreBytes, oversizedUndoMessage } from "~/editor/change-guard";

/*
 * Undo writes into the Y.Doc directly (Yjs's undo manager), so the change
 * guard weighs what an undo would bring back before letting it run: the
 * deleted content of the step on top of the stack.
 */

describe("the weight of an undo", () => {
  const big = "Párrafo largo del diagnóstico con tildes y eñes. ".repeat(24_000); // ~1.2 MB

  function deletedBigText() {
    const doc = new Y.Doc();
    const section = doc.getXmlFragment("section:diagnostico");
    const text = new Y.XmlText();
    section.insert(0, [text]);
    text.insert(0, "Inicio. ");
    text.insert(text.length, big);
    const undo = new Y.UndoManager(section);
    text.delete(0, text.length);
    return { doc, undo, text };
  }

  it("counts what undoing a large deletion would re-insert, in UTF-8 bytes", () => {
    const { doc, undo } = deletedBigText();
    const top = (undo.undoStack as unknown as { deletions: Parameters<typeof estimateRestoreBytes>[1] }[]).at(-1)!;
    const bytes = estimateRestoreBytes(doc, top.deletions);
    expect(bytes).toBe(utf8Bytes(`Inicio. ${big}`));
    expect(bytes).toBeGreaterThan(inputBudgetBytes(DEFAULT_MAX_MESSAGE_BYTES));
    expect(oversizedUndoMessage(bytes, DEFAULT_MAX_MESSAGE_BYTES)).toMatch(/^No se deshizo: volvería a agregar 1[,.]\d+ MB/);
  });

  it("weighs only the deleted range, and a small deletion lightly", () => {
    const doc = new Y.Doc();
    const text = doc.getText("body");
    text.insert(0, "Una frase que se queda. Otra que se borra.");
    const undo = new Y.UndoManager(text);
    text.delete(24, "Otra que se borra.".length);
    const top = (undo.undoStack as unknown as { deletions: Parameters<typeof estimateRestoreBytes>[1] }[]).at(-1)!;
    expect(estimateRestoreBytes(doc, top.deletions)).toBe(utf8Bytes("Otra que se borra."));
  });
});
