import { describe, expect, it } from "vitest";
import { foldAccents } from "~/utils/text";
import { parsePracticeText } from "~/features/practices/import/parse-practice";
import { AUTHORED_SECTIONS, PRACTICE_SECTIONS } from "~/features/practices/template";

/**
 * One small practice, rendered in the many ways people write the template,
 * must always parse to the same fields.
 */
const PRACTICE = {
  title: "Feria laboral intercomunal del valle",
  organization: "OMIL de Quillota",
  ambitos: ["Articulación entre comunas", "Mejoramiento de servicios a empresas"],
  beneficiarios: ["Buscadores de empleo", "Empresas y gremios", "OMIL"],
  effectiveness: "Llegaron 300 personas y 25 empresas; hubo 40 contrataciones en un mes.",
  replicability: "Sirve a cualquier red con una plaza o gimnasio disponible.",
  origin: "Las empresas del valle pedían una sola convocatoria.\nCada comuna hacía la suya por separado.",
  benefits: "- Menos costo por oficina.\n- Más vacantes para cada persona.",
  impact: "La red se hizo conocida entre los empleadores.",
  implementation: "Los pasos fueron:\n\n1. Reunión de la red.\n2. Invitación a empresas.\n3. Feria en la plaza.",
  difficulties: "Conseguir el permiso municipal a tiempo.",
  peopleInvolved: "Encargados de las OMIL y la DIDECO.",
  needs: "Carpas, sillas y amplificación.",
  improvements: "Hacerla dos veces al año.",
};

type Key = keyof typeof PRACTICE;

/** Headings as they appear in the source documents. */
const HEADINGS: Record<Key, string> = {
  title: "Título Buena Práctica",
  organization: "Organización que aplica esta Buena Práctica",
  ambitos: "Ámbitos Impactados por la Buena Práctica",
  beneficiarios: "Beneficiarios de esta Buena Práctica",
  effectiveness: "Efectividad de la Buena Práctica",
  replicability: "Replicabilidad de la Buena Práctica",
  origin: "¿Cómo surgió?",
  benefits: "Beneficios de su aplicación",
  impact: "Impacto",
  implementation: "Detalle de cómo se implementó",
  difficulties: "Dificultades para Implementarla",
  peopleInvolved: "Personas que debieran estar involucradas en la implementación",
  needs: "Necesidades para su Implementación",
  improvements: "Propuestas de mejora",
};

interface Options {
  heading?: (text: string, key: Key) => string;
  organization?: "value" | "labelled" | "label-then-next-line" | "inline-heading";
  list?: (items: string[]) => string;
  omit?: Key[];
  blank?: string;
  eol?: string;
}

const dash = (items: string[]) => items.map((item) => `- ${item}`).join("\n");

function render(options: Options = {}): string {
  const heading = options.heading ?? ((text) => `## ${text}`);
  const list = options.list ?? dash;
  const blank = options.blank ?? "\n\n";
  const parts: string[] = [heading("Documentación Buenas Prácticas", "title")];
  for (const key of Object.keys(PRACTICE) as Key[]) {
    if (options.omit?.includes(key)) continue;
    if (key === "effectiveness") parts.push(heading("Justificación de la calificación como Buena Práctica", key));
    if (key === "origin") parts.push(heading("Descripción de la Buena Práctica", key));
    const value = PRACTICE[key];
    if (key === "organization") {
      const style = options.organization ?? "value";
      if (style === "inline-heading") {
        parts.push(`Organización: ${value}`);
        continue;
      }
      parts.push(heading(HEADINGS[key], key));
      parts.push(
        style === "labelled" ? `Organización: ${value}` : style === "label-then-next-line" ? `Organización:${blank}${value}` : String(value),
      );
      continue;
    }
    parts.push(heading(HEADINGS[key], key));
    parts.push(Array.isArray(value) ? list(value) : value.replace(/\n\n/g, blank));
  }
  return parts.join(blank).replace(/\n/g, options.eol ?? "\n");
}

function expectAllFields(text: string, omit: Key[] = []) {
  const parsed = parsePracticeText(text);
  for (const key of Object.keys(PRACTICE) as Key[]) {
    expect(parsed[key], key).toEqual(omit.includes(key) ? (Array.isArray(PRACTICE[key]) ? [] : "") : PRACTICE[key]);
  }
  expect(parsed.unclassified).toBe("");
  return parsed;
}

describe("parsePracticeText: heading styles", () => {
  it("markdown headings", () => {
    expect(expectAllFields(render()).warnings).toEqual([]);
  });

  it("no markdown marks", () => {
    expect(expectAllFields(render({ heading: (t) => t })).warnings).toEqual([]);
  });

  it("upper case without accents", () => {
    const text = render({ heading: (t) => foldAccents(t).toUpperCase() });
    expect(text).toContain("TITULO BUENA PRACTICA");
    expect(text).toContain("ORGANIZACION QUE APLICA ESTA BUENA PRACTICA");
    expectAllFields(text);
  });

  it("mixed case, missing accents, trailing colons and bold", () => {
    expectAllFields(render({ heading: (t) => `**${foldAccents(t).replace(/^\w/, (c) => c.toUpperCase())}:**` }));
    expectAllFields(render({ heading: (t) => `**${t}**` }));
  });

  it("short wordings and a numbered outline", () => {
    const short: Partial<Record<Key, string>> = {
      title: "Titulo",
      organization: "Organizacion que aplica la practica",
      ambitos: "Ámbitos",
      beneficiarios: "Beneficiarios",
      effectiveness: "Efectividad",
      implementation: "Implementación",
    };
    let n = 0;
    expectAllFields(render({ heading: (t, key) => `${(n += 1)}. ${short[key] ?? t}` }));
  });

  it("tolerates a typo in a long heading", () => {
    const text = render().replace("Replicabilidad de la Buena Práctica", "Replicavilidad de la Buena Practica");
    expectAllFields(text);
  });
});

describe("parsePracticeText: layout variants", () => {
  it.each(["value", "labelled", "label-then-next-line", "inline-heading"] as const)(
    "organization written as %s",
    (organization) => {
      expectAllFields(render({ organization }));
    },
  );

  it("title on the same line as its heading", () => {
    const text = render().replace(`## Título Buena Práctica\n\n${PRACTICE.title}`, `Título: ${PRACTICE.title}`);
    expectAllFields(text);
  });

  it.each([
    ["dashes", dash],
    ["bullets •", (items: string[]) => items.map((i) => `• ${i}`).join("\n")],
    ["asterisks", (items: string[]) => items.map((i) => `* ${i}`).join("\n")],
    ["numbers", (items: string[]) => items.map((i, n) => `${n + 1}) ${i}`).join("\n")],
    ["prose with commas", (items: string[]) => `${items.join(", ")}.`],
    ["prose with semicolons", (items: string[]) => items.join("; ")],
    ["one per line without marks", (items: string[]) => items.join("\n")],
  ])("lists as %s", (_name, list) => {
    expectAllFields(render({ list }));
  });

  it("extra blank lines and trailing spaces", () => {
    const text = `\n\n\n${render({ blank: "\n  \n\n\n" })}\n\n\n`;
    expectAllFields(text);
  });

  it("Windows line endings and a BOM", () => {
    expectAllFields(`\uFEFF${render({ eol: "\r\n" })}`);
  });

  it("missing sections are reported, the rest still parses", () => {
    const omit: Key[] = ["impact", "needs", "beneficiarios"];
    const parsed = expectAllFields(render({ omit }), omit);
    expect(parsed.warnings).toEqual(["Secciones vacías o ausentes: «Beneficiarios», «Impacto», «Necesidades para su implementación»."]);
  });

  it("a section with only its heading counts as missing", () => {
    const parsed = parsePracticeText(render().replace(PRACTICE.difficulties, ""));
    expect(parsed.difficulties).toBe("");
    expect(parsed.warnings[0]).toContain("«Dificultades para implementarla»");
  });
});

describe("parsePracticeText: nothing is lost", () => {
  it("text before the first heading goes to «Sin clasificar» with a warning", () => {
    const parsed = parsePracticeText(`Enviado por la OMIL de Quillota, marzo.\n\n${render()}`);
    expect(parsed.title).toBe(PRACTICE.title);
    expect(parsed.unclassified).toBe("Enviado por la OMIL de Quillota, marzo.");
    expect(parsed.warnings.some((w) => w.includes("«Sin clasificar»"))).toBe(true);
  });

  it("text under a grouping heading goes to «Sin clasificar»", () => {
    const text = render().replace(
      "## Justificación de la calificación como Buena Práctica\n\n",
      "## Justificación de la calificación como Buena Práctica\n\nFue evaluada por la Dirección Regional.\n\n",
    );
    expect(parsePracticeText(text).unclassified).toBe("Fue evaluada por la Dirección Regional.");
  });

  it("a section written twice is merged and reported", () => {
    const parsed = parsePracticeText(`${render()}\n\n## Impacto\n\nTambién mejoró la relación con el municipio.`);
    expect(parsed.impact).toBe(`${PRACTICE.impact}\n\nTambién mejoró la relación con el municipio.`);
    expect(parsed.warnings).toContain("La sección «Impacto» aparece más de una vez; sus textos se unieron.");
  });

  it("a sentence that starts like a heading stays content", () => {
    const text = render().replace(PRACTICE.difficulties, "Impacto: el permiso llegó tarde.\nDificultades hubo varias.");
    const parsed = parsePracticeText(text);
    expect(parsed.difficulties).toBe("Impacto: el permiso llegó tarde.\nDificultades hubo varias.");
    expect(parsed.impact).toBe(PRACTICE.impact);
  });

  it("a plain «Label: value» line for a section already written stays content", () => {
    const text = render().replace(PRACTICE.needs, "Beneficiarios: 300 personas inscritas.\nOrganización: la OMIL puso las carpas.");
    const parsed = parsePracticeText(text);
    expect(parsed.needs).toBe("Beneficiarios: 300 personas inscritas.\nOrganización: la OMIL puso las carpas.");
    expect(parsed.beneficiarios).toEqual(PRACTICE.beneficiarios);
    expect(parsed.organization).toBe(PRACTICE.organization);
    expect(parsed.warnings).toEqual([]);
  });

  it("an explicit «Sin clasificar» section (from an export) is read back", () => {
    const parsed = parsePracticeText(`${render()}\n\n## Sin clasificar\n\nNota pendiente.`);
    expect(parsed.unclassified).toBe("Nota pendiente.");
  });

  it("plain prose with no template at all", () => {
    const parsed = parsePracticeText("Hicimos una feria.\r\nFue un éxito.");
    expect(parsed.unclassified).toBe("Hicimos una feria.\nFue un éxito.");
    expect(parsed.title).toBe("");
    expect(parsed.warnings).toHaveLength(1);
  });

  it("empty text", () => {
    const parsed = parsePracticeText("  \n\n ");
    expect(parsed.unclassified).toBe("");
    expect(parsed.warnings).toEqual(["El documento no tiene texto."]);
  });
});

describe("parsePracticeText: rich text normalisation", () => {
  it("normalises bullet marks, keeps nesting, numbering and inline marks", () => {
    const text = [
      "## Título",
      "Prueba",
      "## Impacto",
      "• uno",
      "  * uno punto uno",
      "– dos con **negrita**",
      "",
      "3) tres",
      "",
      "Párrafo *final*.",
    ].join("\n");
    expect(parsePracticeText(text).impact).toBe("- uno\n  - uno punto uno\n- dos con **negrita**\n3. tres\n\nPárrafo *final*.");
  });

  it("joins a wrapped list item and a sentence cut by a page break", () => {
    const text = "## Título\nPrueba\n## Impacto\n- un punto largo que\nsigue aquí\n\n\n\ny continúa tras el salto.\n\nOtro párrafo.";
    expect(parsePracticeText(text).impact).toBe("- un punto largo que sigue aquí y continúa tras el salto.\n\nOtro párrafo.");
  });
});

describe("template and importer agree", () => {
  it("every label and alias of every section is recognised as its heading", () => {
    for (const section of PRACTICE_SECTIONS) {
      for (const wording of [section.label, ...section.aliases]) {
        // Two other sections make the text recognisably a template.
        const others = PRACTICE_SECTIONS.filter((s) => ["title", "impact", "needs"].includes(s.key) && s.key !== section.key)
          .slice(0, 2)
          .map((s) => `## ${s.label}\n\nx`);
        const parsed = parsePracticeText(`${others.join("\n\n")}\n\n## ${wording}\n\nvalor`);
        const value = parsed[section.key];
        expect(Array.isArray(value) ? value : [value], `${section.key}: ${wording}`).toEqual(["valor"]);
      }
    }
  });

  it("sections have unique keys and the authored ones are all but «Sin clasificar»", () => {
    const keys = PRACTICE_SECTIONS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(AUTHORED_SECTIONS.map((s) => s.key)).toEqual(keys.filter((k) => k !== "unclassified"));
    expect(keys).toEqual([
      "title",
      "organization",
      "ambitos",
      "beneficiarios",
      "effectiveness",
      "replicability",
      "origin",
      "benefits",
      "impact",
      "implementation",
      "difficulties",
      "peopleInvolved",
      "needs",
      "improvements",
      "unclassified",
    ]);
  });
});
