import { describe, expect, it } from "vitest";
import { htmlToPracticeText } from "~/features/practices/import/html-to-practice-text";
import { practiceTextToHtml } from "~/features/practices/import/practice-text-html";

describe("practiceTextToHtml", () => {
  it("paragraphs with line breaks", () => {
    expect(practiceTextToHtml("Uno\ndos\n\nTres")).toBe("<p>Uno<br>dos</p><p>Tres</p>");
  });

  it("bullet, numbered and nested lists", () => {
    expect(practiceTextToHtml("- a\n  - a1\n  - a2\n- b")).toBe(
      "<ul><li><p>a</p><ul><li><p>a1</p></li><li><p>a2</p></li></ul></li><li><p>b</p></li></ul>",
    );
    expect(practiceTextToHtml("3. c\n4. d")).toBe('<ol start="3"><li><p>c</p></li><li><p>d</p></li></ol>');
    expect(practiceTextToHtml("Pasos:\n1. uno\n- suelto")).toBe(
      "<p>Pasos:</p><ol><li><p>uno</p></li></ol><ul><li><p>suelto</p></li></ul>",
    );
  });

  it("inline bold and italic, without touching list markers or products", () => {
    expect(practiceTextToHtml("**Meta:** 3 * 4 = 12, *in situ*")).toBe(
      "<p><strong>Meta:</strong> 3 * 4 = 12, <em>in situ</em></p>",
    );
  });

  it("headings left in unclassified text", () => {
    expect(practiceTextToHtml("# Informe\n\n### Parte\ntexto")).toBe("<h3>Informe</h3><h4>Parte</h4><p>texto</p>");
  });

  it("escapes HTML so imported text cannot inject markup", () => {
    expect(practiceTextToHtml('<script>alert("x")</script> & <b>')).toBe(
      "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;</p>",
    );
  });

  it("empty text gives empty HTML", () => {
    expect(practiceTextToHtml("\n\n  \n")).toBe("");
  });
});

describe("htmlToPracticeText (mammoth output)", () => {
  it("headings, paragraphs, nested lists and inline marks", () => {
    const html =
      "<h2>Título</h2><p><strong>Organización: </strong>OMIL de <em>Chillán</em></p>" +
      "<ul><li>uno<ul><li>uno.a</li></ul></li><li>dos</li></ul><ol><li>primero</li><li>segundo</li></ol>" +
      "<p>Fin&nbsp;&amp; cierre<br />otra línea</p>";
    expect(htmlToPracticeText(html)).toBe(
      "## Título\n\n**Organización:** OMIL de *Chillán*\n\n- uno\n  - uno.a\n- dos\n1. primero\n2. segundo\n\nFin & cierre\notra línea",
    );
  });

  it("tables become one paragraph per cell, links keep their address", () => {
    const html =
      '<table><tr><td><p>Comuna</p></td><td><p>Colocados</p></td></tr></table><p><a href="https://bne.cl">BNE</a></p>';
    expect(htmlToPracticeText(html)).toBe("Comuna\n\nColocados\n\nBNE (https://bne.cl)");
  });

  it("round-trips with practiceTextToHtml", () => {
    const text = "Pasos:\n\n- uno\n  - uno.a\n- **dos**\n\nCierre *final*.";
    // The editor's HTML (paragraphs inside list items) reads back to the same text.
    expect(htmlToPracticeText(practiceTextToHtml(text))).toBe(text);
  });
});
