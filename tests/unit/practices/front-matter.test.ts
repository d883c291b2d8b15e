import { describe, expect, it } from "vitest";
import { parsePracticeText } from "~/features/practices/import/parse-practice";

const BODY = "## Título\n\nFeria\n\n## Impacto\n\nMucho.";
/** The short body lacks most sections; only metadata warnings matter here. */
const metadataWarnings = (warnings: string[]) => warnings.filter((w) => w.startsWith("Metadatos"));

describe("practice front-matter", () => {
  it("reads slug, region, year, comunas and links", () => {
    const text = [
      "---",
      "slug: feria-valle",
      "region: 5",
      "year: 2024",
      "comunas: 05501, 5502, [05503]",
      "links:",
      "  - Nota de prensa | https://example.cl/nota?a=1,2",
      "  - https://example.cl/otra",
      "---",
      BODY,
    ].join("\n");
    const parsed = parsePracticeText(text);
    expect(parsed.metadata).toEqual({
      slug: "feria-valle",
      region: "05",
      year: 2024,
      comunas: ["05501", "05502", "05503"],
      links: [{ label: "Nota de prensa", url: "https://example.cl/nota?a=1,2" }, { url: "https://example.cl/otra" }],
    });
    expect(metadataWarnings(parsed.warnings)).toEqual([]);
    expect(parsed.title).toBe("Feria");
    expect(parsed.unclassified).toBe("");
  });

  it("accepts Spanish keys, quotes and one-line link lists", () => {
    const parsed = parsePracticeText(
      `---\r\nregión: "16"\r\naño: 2019\r\nenlaces: https://a.cl, Sitio | https://b.cl\r\n---\r\n${BODY}`,
    );
    expect(parsed.metadata).toMatchObject({ region: "16", year: 2019 });
    expect(parsed.metadata?.links).toEqual([{ url: "https://a.cl" }, { label: "Sitio", url: "https://b.cl" }]);
  });

  it("drops invalid values with Spanish warnings but keeps the practice", () => {
    const text = "---\nregion: 17\nyear: dos mil\ncomunas: 13101, abc\nlinks: www.sin-protocolo.cl\ncolor: azul\nslug: Con Espacios\n---\n" + BODY;
    const parsed = parsePracticeText(text);
    expect(parsed.metadata).toEqual({ comunas: ["13101"], links: [] });
    expect(metadataWarnings(parsed.warnings)).toEqual([
      "Metadatos: no se reconoce «color: azul»; se ignoró.",
      "Metadatos: el identificador «Con Espacios» debe usar minúsculas sin tildes y guiones.",
      "Metadatos: «17» no es un código de región válido (01 a 16).",
      "Metadatos: «dos mil» no es un año válido.",
      "Metadatos: «abc» no es un código de comuna (5 dígitos).",
      "Metadatos: el enlace «www.sin-protocolo.cl» debe comenzar con http:// o https://.",
    ]);
    expect(parsed.title).toBe("Feria");
  });

  it("rejects comunas of another region", () => {
    const parsed = parsePracticeText(`---\nregion: 16\ncomunas: 16301, 13101\n---\n${BODY}`);
    expect(parsed.metadata?.comunas).toEqual(["16301"]);
    expect(metadataWarnings(parsed.warnings)).toEqual(["Metadatos: la comuna 13101 no pertenece a la región 16; se omitió."]);
  });

  it("an unclosed block is treated as text, not swallowed", () => {
    const parsed = parsePracticeText(`---\nregion: 16\n${BODY}`);
    expect(parsed.metadata).toBeNull();
    expect(parsed.warnings[0]).toContain("no está cerrado");
    expect(parsed.unclassified).toBe("region: 16");
  });

  it("no block: metadata is null", () => {
    expect(parsePracticeText(BODY).metadata).toBeNull();
  });
});
