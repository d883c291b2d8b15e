import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { unsentChanges } from "~/collab/unsent-changes";

/* The words of this device beyond the server's state vector, grouped by where they were typed. */

describe("unsentChanges", () => {
  it("lists only what the server lacks, per place, without deleted text", () => {
    const local = new Y.Doc();
    const section = local.getXmlFragment("section:objetivos");
    const paragraph = new Y.XmlElement("paragraph");
    section.insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, "Ya guardado.");
    const cell = local.getMap("cell");
    const server = Y.decodeStateVector(Y.encodeStateVector(local));

    text.insert(text.length, " Sin enviar");
    text.insert(text.length, " todavía.");
    cell.set("amount", new Y.Text("150.000"));
    text.insert(0, "Borrado ");
    text.delete(0, "Borrado ".length);

    expect(unsentChanges(local, server)).toEqual([
      { root: "section:objetivos", text: " Sin enviar todavía." },
      { root: "cell", text: "150.000" },
    ]);
    expect(unsentChanges(local, Y.decodeStateVector(Y.encodeStateVector(local)))).toEqual([]);
  });

  it("takes the unsent tail of an item the server has only in part", () => {
    const local = new Y.Doc();
    const body = local.getText("body");
    body.insert(0, "abc");
    const server = new Map([[local.clientID, 2]]);
    expect(unsentChanges(local, server)).toEqual([{ root: "body", text: "c" }]);
  });
});
