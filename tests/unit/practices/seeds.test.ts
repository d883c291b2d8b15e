import { describe, expect, it } from "vitest";
import { parsePracticeText } from "~/features/practices/import/parse-practice";
import { matchTaxonomyLabels } from "~/features/practices/import/taxonomy-match";
import type { ParsedPractice } from "~/features/practices/template";
import { ambitos, beneficiarios, hasSeeds, readSeed } from "./paths";

type RichStarts = Partial<Record<keyof ParsedPractice, string>>;

function expectStarts(practice: ParsedPractice, starts: RichStarts) {
  for (const [key, start] of Object.entries(starts)) {
    expect(String(practice[key as keyof ParsedPractice]), key).toMatch(new RegExp(`^${escapeRegExp(start!)}`));
  }
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function expectClean(practice: ParsedPractice) {
  expect(practice.unclassified).toBe("");
  expect(practice.warnings).toEqual([]);
  expect(practice.metadata).toBeNull();
}

describe.skipIf(!hasSeeds)("seed write-ups in the template", () => {
  it("000: mayor briefings (markdown headings, inline organization, page breaks)", () => {
    const p = parsePracticeText(readSeed("000"));
    expectClean(p);
    expect(p.title).toBe("Coordinación y compromiso con las máximas autoridades municipales SENCE y OMIL");
    expect(p.organization).toBe("Dirección Regional de SENCE");
    expect(p.ambitos).toEqual(["Articulación Intramunicipal"]);
    expect(p.beneficiarios).toEqual(["OMIL del Municipio"]);
    expect(p.effectiveness).toBe(
      "Validación de la OMIL frente al Alcalde y en consecuencia con otras áreas del municipio.",
    );
    expectStarts(p, {
      replicability: "Es replicable en todas las comunas del país",
      origin: "Lo primero que hizo el equipo regional al inicio del Proyecto Piloto Círculo de Empleo",
      benefits: "Al equipo OMIL le da más seguridad y mayor autonomía",
      impact: "Mayor conocimiento de la gestión de la OMIL",
      implementation: "Lo primero es hacer una calendarización y una priorización de las comunas",
      difficulties: "Lograr calzar la agenda de la Dirección Regional con la del municipio.",
      peopleInvolved: "El equipo de OMIL con su Encargado, el Director Regional de SENCE",
      needs: "Para el equipo regional es clave disponer de movilización y chofer",
      improvements: "Después de la conversación con la autoridad comunal",
    });
    // Paragraphs are kept apart; sentences cut by a page break are glued back.
    expect(p.origin.split("\n\n")).toHaveLength(5);
    expect(p.benefits).toContain("el apoyo de la autoridad comunal para su funcionamiento");
    expect(p.difficulties).toContain("en condiciones de tener estas conversaciones cuando el Director Regional");
    expect(p.improvements.endsWith("es necesario reforzarla año a año.")).toBe(true);
  });

  it("001: intersectoral tables (plain headings, bullet lists everywhere)", () => {
    const p = parsePracticeText(readSeed("001"));
    expectClean(p);
    expect(p.title).toBe("Mesas Intersectoriales");
    expect(p.organization).toBe("Unidad de Empleo y Capacitación a Empresas. Dirección Regional de Valparaíso de SENCE");
    expect(p.ambitos).toEqual([
      "Mejoramiento de servicios a buscadores de empleo",
      "Mejoramiento de servicios a empresas",
      "Incorporación de nuevas herramientas",
      "Articulación Intramunicipal",
      "Articulación entre Comunas",
      "Articulación con Servicios Públicos",
      "Articulación con empresas",
    ]);
    expect(p.beneficiarios).toEqual([
      "Buscadores de empleo",
      "Empresas",
      "Servicios Públicos (SENDA, SERNAMEG, SENADIS, SEREMI Economía)",
      "OMIL",
    ]);
    expect(p.effectiveness.split("\n")).toHaveLength(5);
    expect(p.impact).toBe(
      "- Articulación de Servicios Públicos\n- Trabajo coordinado con OMIL\n- Llegada a empresas con servicios más integrales",
    );
    expectStarts(p, {
      effectiveness: "- Mayor eficiencia en la colocación de recursos",
      replicability: "Sólo se requiere participación y compromiso de las direcciones centrales",
      origin: "El equipo de empleo de la Dirección Regional de Valparaíso de SENCE observó",
      benefits: "- Instalación de una cultura de colaboración entre Servicios Públicos",
      implementation: "La forma de operar fue la siguiente:\n\n- Establecimiento de una Mesa Intersectorial Regional",
      difficulties: "- La Red de Empleadores es reciente.\n- No hay recursos directos del Nivel Central",
      peopleInvolved: "- Subunidad de Empresas de SENCE.\n- Unidades de Intermediación Laboral.",
      needs: "- Disposición de SENCE, OMIL y Servicios Públicos.",
      improvements: "- Instalar articulación a nivel comunal incorporando Alcaldes.",
    });
    // The bullet cut by a page break continues in the same item.
    expect(p.implementation).toContain("reportan a la Mesa Regional. Cada comuna prepara su Plan");
    expect(p.implementation.split("\n").filter((line) => line.startsWith("- "))).toHaveLength(5);
  });

  it("002: territorial table (organization on the next line, mixed heading levels)", () => {
    const p = parsePracticeText(readSeed("002"));
    expectClean(p);
    expect(p.title).toBe("Mesa Territorial de OMIL: San Carlos - San Fabián - Ñiquén");
    expect(p.organization).toBe("OMIL de San Carlos");
    expect(p.ambitos).toEqual([
      "Mejoramiento de competencias de Personal de la OMIL",
      "Articulación entre Comunas",
      "Articulación con Empresas y Gremios",
    ]);
    expect(p.beneficiarios).toEqual(["Buscadores de Empleo", "Empresas y Gremios", "OMIL"]);
    expectStarts(p, {
      effectiveness: "Ha contribuido a la transferencia de conocimientos y experiencias",
      replicability: "Es replicable entre OMIL de comunas con proximidad geográfica",
      origin: "La experiencia surgió a partir del apoyo que la OMIL de San Carlos (tipo I)",
      benefits: "- La Mesa Territorial permite abordar a las empresas en conjunto",
      impact: "- La Mesa Territorial es un esfuerzo conjunto",
      implementation: "Inicialmente la práctica surgió en respuesta a la exigencia del convenio",
      difficulties: "El principal obstáculo es el factor tiempo.",
      peopleInvolved: "Los equipos de las OMIL y el apoyo de Alcaldes.",
      needs: "La constitución de una Mesa Territorial de OMIL vecinas",
      improvements: "Un desafío es lograr ser parte de la Asociación Punilla",
    });
    expect(p.benefits.split("\n").filter((line) => line.startsWith("- "))).toHaveLength(9);
    expect(p.implementation).toContain("*in situ*");
  });

  it("003: institutional video (long comma-containing label, lower-case list items)", () => {
    const p = parsePracticeText(readSeed("003"));
    expectClean(p);
    expect(p.title).toBe("Video Institucional para la Difusión y Posicionamiento Público de las OMIL");
    expect(p.organization).toBe("Dirección Regional de Biobío del SENCE");
    expect(p.ambitos).toHaveLength(7);
    expect(p.ambitos[6]).toBe(
      "Comunicaciones y Relaciones Públicas de la OMIL, Identidad Pública y Reputación Organizacional",
    );
    expect(p.beneficiarios).toEqual(["Buscadores de Empleo", "Empresas y Gremios", "Otros Servicios Públicos"]);
    expect(p.needs).toBe("Recursos financieros para la contratación de una productora externa.");
    expectStarts(p, {
      effectiveness: "- Logra contribuir al posicionamiento público de la OMIL",
      replicability: "- Es replicable en cualquier región donde se cuente con equipo de comunicaciones",
      origin: "La realización de un video institucional para las OMIL surge como iniciativa",
      benefits: "- Contribuye al conocimiento de las posibilidades de apoyo",
      impact: "- Facilita la articulación con otras entidades",
      implementation: "El video nació como iniciativa de las propias OMIL",
      difficulties: "- La Región del Biobío tiene 54 comunas.",
      peopleInvolved: "- el Director Regional\n- el Nivel Central\n- los equipos de las OMIL",
      improvements: "- Incorporar visualmente al video un representante de las OMIL por provincia",
    });
    expect(p.implementation).toContain("¿Cómo organizar la participación de las 54 OMIL de la Región?");
  });

  it("000–003: every written label matches the seeded taxonomies", () => {
    const expected: Record<string, { ambitos: string[]; beneficiarios: string[] }> = {
      "000": { ambitos: ["articulacion-intramunicipal"], beneficiarios: ["omil"] },
      "001": {
        ambitos: [
          "mejoramiento-servicios-buscadores",
          "mejoramiento-servicios-empresas",
          "nuevas-herramientas",
          "articulacion-intramunicipal",
          "articulacion-entre-comunas",
          "articulacion-servicios-publicos",
          "articulacion-empresas-gremios",
        ],
        beneficiarios: ["buscadores-de-empleo", "empresas-y-gremios", "servicios-publicos", "omil"],
      },
      "002": {
        ambitos: ["competencias-personal-omil", "articulacion-entre-comunas", "articulacion-empresas-gremios"],
        beneficiarios: ["buscadores-de-empleo", "empresas-y-gremios", "omil"],
      },
      "003": {
        ambitos: [
          "mejoramiento-servicios-buscadores",
          "mejoramiento-servicios-empresas",
          "nuevos-canales",
          "articulacion-intramunicipal",
          "articulacion-organismos-territorio",
          "articulacion-servicios-publicos",
          "comunicaciones-identidad-reputacion",
        ],
        beneficiarios: ["buscadores-de-empleo", "empresas-y-gremios", "servicios-publicos"],
      },
    };
    for (const [seed, slugs] of Object.entries(expected)) {
      const p = parsePracticeText(readSeed(seed));
      const a = matchTaxonomyLabels(p.ambitos, ambitos());
      const b = matchTaxonomyLabels(p.beneficiarios, beneficiarios());
      expect(a.unmatched, seed).toEqual([]);
      expect(b.unmatched, seed).toEqual([]);
      expect(a.matched.map((e) => e.slug), seed).toEqual(slugs.ambitos);
      expect(b.matched.map((e) => e.slug), seed).toEqual(slugs.beneficiarios);
    }
  });

  it("004: an evaluation report is not a practice: all text unclassified, with a warning", () => {
    const text = readSeed("004");
    const p = parsePracticeText(text);
    for (const key of ["title", "organization", "effectiveness", "origin", "impact", "improvements"] as const) {
      expect(p[key], key).toBe("");
    }
    expect(p.ambitos).toEqual([]);
    expect(p.beneficiarios).toEqual([]);
    expect(p.unclassified).toMatch(/^# EVALUACIÓN SISTEMA DE INTERMEDIACIÓN LABORAL AÑO 2021/);
    expect(p.unclassified).toContain("## **V. Recomendaciones y propuestas de mejora");
    expect(p.unclassified).toMatch(/modernicen el proceso de seguimiento de sus usuarios intermediados\.$/);
    // Nothing dropped: every word of the source is still there.
    const words = (value: string) => value.match(/[\p{L}\p{N}]+/gu) ?? [];
    expect(words(p.unclassified)).toEqual(words(text));
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(/no sigue la plantilla.*«Sin clasificar»/);
  });
});
