import { describe, expect, it } from "vitest";
import { diffLines, diffWords, MAX_DIFF_CHARS } from "~/utils/text-diff";

describe("text diff (the diff package)", () => {
  it("compares words and keeps the spaces", () => {
    expect(diffWords("La feria reunió a 30 empresas", "La feria reunió a 45 empresas")).toEqual([
      { kind: "same", text: "La feria reunió a " },
      { kind: "removed", text: "30" },
      { kind: "added", text: "45" },
      { kind: "same", text: " empresas" },
    ]);
  });

  it("compares lines one entry per line", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
    expect(diffLines("", "")).toEqual([]);
    expect(diffLines("x\ny", "x\ny")).toEqual([
      { kind: "same", text: "x" },
      { kind: "same", text: "y" },
    ]);
  });

  it("gives up on oversized input quickly: everything removed, then everything added", () => {
    const before = Array.from({ length: MAX_DIFF_CHARS / 8 }, (_, i) => `línea ${i}`).join("\n");
    const after = Array.from({ length: MAX_DIFF_CHARS / 8 }, (_, i) => `otra ${i}`).join("\n");
    const started = performance.now();
    const lines = diffLines(before, after);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(lines.filter((l) => l.kind === "same")).toEqual([]);
    expect(lines[0]).toEqual({ kind: "removed", text: "línea 0" });
    expect(lines.at(-1)?.kind).toBe("added");
    expect(diffWords(before, after)).toEqual([
      { kind: "removed", text: before },
      { kind: "added", text: after },
    ]);
  });

  it("gives up when the texts share almost nothing (edit limit), below the size limit", () => {
    const before = Array.from({ length: 6000 }, (_, i) => `a${i}`).join("\n");
    const after = Array.from({ length: 6000 }, (_, i) => `b${i}`).join("\n");
    const started = performance.now();
    const lines = diffLines(before, after);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(lines).toHaveLength(12000);
    expect(lines.slice(0, 6000).every((l) => l.kind === "removed")).toBe(true);
  });
});
