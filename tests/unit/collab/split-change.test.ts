import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { splitMissingChange } from "~/collab/split-change";

/* A change too large for one message, sent as several that each fit; the server ends with exactly the device's document. */

describe("splitMissingChange", () => {
  it("cuts a 2.2 MB text into pieces under the piece size that rebuild the document", () => {
    const server = new Y.Doc();
    server.getText("body").insert(0, "Lo que el servidor ya tiene. ");
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    const body = device.getText("body");
    body.insert(body.length, "Texto arrastrado con tildes, eñes y 😀 emojis. ".repeat(48_000));
    body.delete(0, 3);
    const pieceBytes = 512 * 1024;
    const pieces = splitMissingChange(device, Y.decodeStateVector(Y.encodeStateVector(server)), pieceBytes);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThan(pieceBytes + 1024);
    for (const piece of pieces) Y.applyUpdate(server, piece);
    expect(server.getText("body").toString()).toBe(body.toString());
    expect(server.getText("body").toString()).not.toContain("\uFFFD");
  });

  it("sends nothing when the server has everything", () => {
    const device = new Y.Doc();
    device.getText("body").insert(0, "Todo enviado.");
    expect(splitMissingChange(device, Y.decodeStateVector(Y.encodeStateVector(device)), 1024)).toEqual([]);
  });
});
