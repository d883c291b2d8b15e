import { describe, expect, it } from "vitest";
import { buildSnippet, highlightQueryFor } from "~/features/practices/search/snippet";

const SYNONYMS = {
  omil: ["oficina municipal de información laboral"],
  "oficina municipal de información laboral": ["omil"],
  alcalde: ["autoridad comunal"],
  "autoridad comunal": ["alcalde"],
  apresto: ["preparación para el empleo"],
};
const marks = (html: string) => Array.from(html.matchAll(/<mark>(.*?)<\/mark>/g), (m) => m[1]);
const snippet = (texts: string[], q: string, size?: number) => buildSnippet(texts, highlightQueryFor(q, SYNONYMS), size);

describe("search snippets", () => {
  it("escapes the document text and only adds <mark>", () => {
    expect(snippet(['Una <b>feria</b> & "co" de \'empleo\''], "feria")).toBe("Una &lt;b&gt;<mark>feria</mark>&lt;/b&gt; &amp; &quot;co&quot; de &#39;empleo&#39;");
  });

  it("forgives missing accents, ñ, case and typos as the index does", () => {
    expect(marks(snippet(["La colocación en Ñuble creció."], "colocasion nuble"))).toEqual(["colocación", "Ñuble"]);
    expect(marks(snippet(["Capacitación en oficios"], "capasitasion"))).toEqual(["Capacitación"]); // 2 typos from 8 letters
    expect(marks(snippet(["Una mesa y una misa"], "mesa"))).toEqual(["mesa", "misa"]); // 1 typo from 4 letters
    expect(marks(snippet(["Red y rol"], "red"))).toEqual(["Red"]); // no typos under 4 letters
  });

  it("treats the last query word as a prefix", () => {
    expect(marks(snippet(["Talleres de capacitación laboral"], "talleres capacit"))).toEqual(["Talleres", "capacitación"]);
  });

  it("highlights synonyms, phrases included, and skips stop words when there are other words", () => {
    expect(marks(snippet(["La oficina municipal de información laboral de San Carlos"], "omil"))).toEqual(["oficina municipal de información laboral"]);
    expect(marks(snippet(["Reunión con la autoridad comunal de Ñiquén"], "alcalde"))).toEqual(["autoridad comunal"]);
    expect(marks(snippet(["Feria de empleo de la red de oficinas"], "feria de empleo"))).toEqual(["Feria", "empleo"]);
  });

  it("cuts a window around the matches with ellipses", () => {
    const words = Array.from({ length: 100 }, (_, i) => `palabra${i}`);
    words[60] = "vinculación";
    const html = snippet([words.join(" ")], "vinculacion", 10);
    expect(html.startsWith("…")).toBe(true);
    expect(html.endsWith("…")).toBe(true);
    expect(html.split(" ")).toHaveLength(10);
    expect(marks(html)).toEqual(["vinculación"]);
  });

  it("prefers the passage with the most distinct query words, then the later texts", () => {
    const summary = "La feria se hizo en marzo.";
    const body = "La feria laboral reunió a 40 empresas.";
    expect(marks(snippet([summary, body], "feria laboral"))).toEqual(["feria", "laboral"]);
    expect(snippet([summary, body], "feria")).toBe("La <mark>feria</mark> se hizo en marzo.");
  });

  it("shows the start of the first text when nothing matches, and nothing for empty texts", () => {
    expect(snippet(["", "Texto del cuerpo."], "zzz")).toBe("Texto del cuerpo.");
    expect(snippet(["", "  "], "feria")).toBe("");
    expect(snippet(["Sin consulta."], "")).toBe("Sin consulta.");
  });

  it("finds words by letters and digits whatever the script: an emoji ends a word, a letter beyond the BMP does not", () => {
    // The matches are found by their typo-free pieces and widened to the word around them (surrogate pairs included).
    expect(snippet(["📞alcalde y 𝐀lcalde, «Ñuble»\u00a0y ÑUBLE"], "alcalde nuble")).toBe("…<mark>alcalde</mark> y 𝐀lcalde, «<mark>Ñuble</mark>» y <mark>ÑUBLE</mark>");
    expect(marks(snippet(["Capacitaciones, capacitación y capacitar: incapacitación"], "capacitacion"))).toEqual(["Capacitaciones", "capacitación", "incapacitación"]);
    expect(marks(snippet(["Árbol, ÁRBOL y árboles"], "arbol"))).toEqual(["Árbol", "ÁRBOL", "árboles"]);
  });

  it("answers a 1,000-character query with operators without failing", () => {
    const q = `"feria" -laboral AND (OR) ${"x".repeat(1000)}`;
    expect(marks(snippet(["La feria laboral"], q))).toEqual(["feria", "laboral"]);
  });
});
