import { getSchema } from "@tiptap/core";
import { EditorState } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_MESSAGE_BYTES, formatBytes, formatLimitNotice, inputBudgetBytes, parseLimitNotice, updateFits, utf8Bytes } from "~/collab/change-limits";
import { assignColours, preferredColour, PRESENCE_PALETTE } from "~/collab/presence-colours";
import { DEFAULT_LIMITS } from "../../../collab-server/limits";
import { estimateTransactionBytes } from "~/editor/change-guard";
import { isAllowedLinkUrl, proposalSectionExtensions } from "~/editor/extensions";

describe("change size limit shared by server and browser", () => {
  it("the server's default limit is the browser's", () => {
    expect(DEFAULT_LIMITS.maxMessageBytes).toBe(DEFAULT_MAX_MESSAGE_BYTES);
  });

  it("an update fits only with the message's own bytes counted", () => {
    expect(updateFits(DEFAULT_MAX_MESSAGE_BYTES - 16, DEFAULT_MAX_MESSAGE_BYTES)).toBe(true);
    expect(updateFits(DEFAULT_MAX_MESSAGE_BYTES - 15, DEFAULT_MAX_MESSAGE_BYTES)).toBe(false);
  });

  it("the limit notice round-trips and rejects anything else", () => {
    expect(parseLimitNotice(formatLimitNotice(1_048_576))).toBe(1_048_576);
    expect(parseLimitNotice("limit:abc")).toBeNull();
    expect(parseLimitNotice("read-only:4403")).toBeNull();
  });

  it("sizes read as people read file sizes", () => {
    expect(formatBytes(2.2 * 1024 * 1024)).toBe("2,2 MB");
    expect(formatBytes(340 * 1024)).toBe("340 KB");
    expect(utf8Bytes("ñandú")).toBe(7);
  });

  it("weighs a large insertion above the input budget and a sentence far below it", () => {
    const schema = getSchema(proposalSectionExtensions());
    const state = EditorState.create({ schema });
    const big = state.tr.insertText("Texto arrastrado. ".repeat(130_000), 1);
    const small = state.tr.insertText("La red seguirá con fondos municipales.", 1);
    expect(estimateTransactionBytes(big)).toBeGreaterThan(inputBudgetBytes(DEFAULT_MAX_MESSAGE_BYTES));
    expect(estimateTransactionBytes(small)).toBeLessThan(100);
  });
});

describe("presence colours", () => {
  it("a person keeps the same colour from one visit to the next", () => {
    expect(preferredColour("user-1")).toBe(preferredColour("user-1"));
    expect(PRESENCE_PALETTE).toContain(preferredColour("user-1"));
  });

  it("people present at once get distinct colours, the same on every screen", () => {
    const keys = Array.from({ length: 8 }, (_, i) => `persona-${i}`);
    const colours = assignColours(keys);
    expect(new Set(colours.values()).size).toBe(8);
    expect(assignColours([...keys].reverse())).toEqual(colours);
  });

  it("two people whose preferred colours collide still differ", () => {
    const first = "a";
    const clash = Array.from({ length: 200 }, (_, i) => `u${i}`).find((k) => preferredColour(k) === preferredColour(first))!;
    const colours = assignColours([first, clash]);
    expect(colours.get(first)).not.toBe(colours.get(clash));
  });
});

describe("links in proposals", () => {
  it("allow web pages and mail, nothing else", () => {
    expect(isAllowedLinkUrl("https://www.sence.cl")).toBe(true);
    expect(isAllowedLinkUrl("mailto:omil@muni.cl")).toBe(true);
    expect(isAllowedLinkUrl("javascript:alert(1)")).toBe(false);
    expect(isAllowedLinkUrl("ftp://x.cl")).toBe(false);
  });
});
