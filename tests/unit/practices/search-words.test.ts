import { describe, expect, it } from "vitest";
import { synonymsForEngine } from "~/features/practices/search/settings.server";
import { meaningfulWords, searchableQuery } from "~/features/practices/search/stop-words";
import { inverseDocumentFrequency, queryUnits, synonymKeyIndex, unitWeights } from "~/features/practices/search/word-weights.server";

describe("the query sent to the engine", () => {
  it("leaves stop words out so a synonym key's words sit side by side", () => {
    expect(searchableQuery("¿cómo hacemos una alianza con la cámara de comercio?")).toBe("alianza cámara comercio?");
  });

  it("keeps a quoted phrase as typed and a query of stop words only as typed", () => {
    expect(searchableQuery('feria "de la red" en Ñuble')).toBe('feria "de la red" Ñuble');
    expect(searchableQuery("¿cómo lo hacen?")).toBe("¿cómo lo hacen?");
  });
});

describe("synonyms as the engine can use them", () => {
  const engine = synonymsForEngine({
    pmjh: ["programa mujeres jefas de hogar", "mujeres jefas de hogar"],
    "cámara de comercio": ["gremio"],
    renuncian: ["dejan el trabajo", "abandonos"],
  });

  it("turns a phrase with a stop word into its run of two or more words", () => {
    expect(engine.pmjh).toEqual(["programa mujeres jefas", "mujeres jefas"]);
  });

  it("stores keys without stop words, as the query arrives", () => {
    expect(engine["cámara comercio"]).toEqual(["gremio"]);
    expect(engine["cámara de comercio"]).toBeUndefined();
  });

  it("drops a value it cannot match side by side instead of splitting it into common words", () => {
    expect(engine.renuncian).toEqual(["abandonos"]);
  });
});

describe("query units", () => {
  const { keys, longest } = synonymKeyIndex({ "bolsa nacional": ["bne"], bne: ["bolsa nacional"], "zonas rurales": ["ruralidad"] });

  it("are the meaningful words plus each run that is a synonym key", () => {
    expect(queryUnits("¿Cómo se usa la Bolsa Nacional de Empleo en zonas rurales?", keys, longest)).toEqual([
      "usa", "bolsa", "nacional", "empleo", "zonas", "rurales", "bolsa nacional", "zonas rurales",
    ]);
  });

  it("count a repeated word once", () => {
    expect(queryUnits("feria feria laboral", keys, longest)).toEqual(["feria", "laboral"]);
    expect(meaningfulWords("feria feria")).toEqual(["feria", "feria"]);
  });
});

describe("unit weights", () => {
  it("follow BM25's inverse document frequency: rare units weigh more, absent units nothing", () => {
    expect(inverseDocumentFrequency(18, 0)).toBe(0);
    expect(inverseDocumentFrequency(18, 1)).toBeGreaterThan(inverseDocumentFrequency(18, 5));
    expect(inverseDocumentFrequency(18, 18)).toBeGreaterThan(0);
    const [rare, common, everywhere, absent] = unitWeights(18, [1, 6, 18, 0]);
    expect(rare).toBeCloseTo(0.9);
    expect(common).toBeLessThan(rare);
    expect(everywhere).toBeLessThan(common);
    expect(absent).toBe(0);
  });
});
