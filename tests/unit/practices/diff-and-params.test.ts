import { describe, expect, it } from "vitest";
import { diffWords } from "~/utils/text-diff";
import { parseSearchParams } from "~/features/practices/schema";

describe("revision diff", () => {
  it("marks removed and added words and keeps the rest", () => {
    const parts = diffWords("La feria reunió a 30 empresas", "La feria reunió a 45 empresas del territorio");
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["30"]);
    expect(parts.filter((p) => p.kind === "added").map((p) => p.text).join("")).toContain("45");
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe("La feria reunió a 45 empresas del territorio");
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe("La feria reunió a 30 empresas");
  });

  it("handles empty sides", () => {
    expect(diffWords("", "Nuevo texto")).toEqual([{ kind: "added", text: "Nuevo texto" }]);
    expect(diffWords("Texto", "")).toEqual([{ kind: "removed", text: "Texto" }]);
    expect(diffWords("", "")).toEqual([]);
  });
});

describe("search parameters from the URL", () => {
  it("keeps valid values and drops the rest without failing", () => {
    const p = parseSearchParams(new URLSearchParams("q=  feria   laboral &ambito=a,b&region=16&region=xx&anio=2024&anio=hola&orden=fecha&page=0"));
    expect(p).toEqual({ q: "feria laboral", ambito: ["a", "b"], beneficiario: [], region: ["16"], tipo: [], anio: [2024], orden: "fecha", page: 1 });
  });

  it("cuts very long queries", () => {
    expect(parseSearchParams(new URLSearchParams({ q: "x".repeat(1000) })).q.length).toBe(200);
  });
});
