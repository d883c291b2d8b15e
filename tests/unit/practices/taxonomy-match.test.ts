import { describe, expect, it } from "vitest";
import { matchTaxonomyLabel, matchTaxonomyLabels } from "~/features/practices/import/taxonomy-match";
import { ambitos, beneficiarios } from "./paths";

const slugOf = (label: string, entries = ambitos()) => matchTaxonomyLabel(label, entries)?.slug ?? null;

describe("matchTaxonomyLabel", () => {
  it("ignores case, accents and punctuation", () => {
    expect(slugOf("ARTICULACION INTRAMUNICIPAL")).toBe("articulacion-intramunicipal");
    expect(slugOf("articulación entre comunas.")).toBe("articulacion-entre-comunas");
    expect(slugOf("incorporacion de nuevos canales")).toBe("nuevos-canales");
  });

  it("accepts small wording differences", () => {
    expect(slugOf("Mejoramiento de Servicios a Empresas")).toBe("mejoramiento-servicios-empresas");
    expect(slugOf("Mejoramiento de competencias de Personal de la OMIL")).toBe("competencias-personal-omil");
    expect(slugOf("Articulación con empresas")).toBe("articulacion-empresas-gremios");
    expect(slugOf("Articulación con organismo del territorio")).toBe("articulacion-organismos-territorio");
    expect(slugOf("Comunicaciones y Relaciones Públicas de la OMIL, Identidad Pública y Reputación Organizacional")).toBe(
      "comunicaciones-identidad-reputacion",
    );
  });

  it("tolerates one typo in a long word", () => {
    expect(slugOf("Articulasion intramunicipal")).toBe("articulacion-intramunicipal");
  });

  it("resolves beneficiaries by their head noun and ignores notes in parentheses", () => {
    const b = beneficiarios();
    expect(slugOf("OMIL del Municipio", b)).toBe("omil");
    expect(slugOf("Municipio de San Carlos", b)).toBe("municipio");
    expect(slugOf("Empresas", b)).toBe("empresas-y-gremios");
    expect(slugOf("Otros Servicios Públicos", b)).toBe("servicios-publicos");
    expect(slugOf("Servicios Públicos (SENDA, SERNAMEG, SENADIS, SEREMI Economía)", b)).toBe("servicios-publicos");
    expect(slugOf("buscadoras de empleo", b)).toBe("buscadores-de-empleo");
  });

  it("refuses to guess when two entries fit equally, or none fits", () => {
    // "Empresas" alone could be services to companies or coordination with them.
    expect(slugOf("Empresas")).toBeNull();
    expect(slugOf("Relaciones públicas de la OMIL", beneficiarios())).toBeNull();
    expect(slugOf("Salud mental")).toBeNull();
    expect(slugOf("")).toBeNull();
  });

  it("matches slugs written as labels", () => {
    expect(slugOf("nuevas-herramientas")).toBe("nuevas-herramientas");
  });
});

describe("matchTaxonomyLabels", () => {
  it("keeps unmatched labels and warns in Spanish", () => {
    const result = matchTaxonomyLabels(["Articulación entre comunas", "Salud mental"], ambitos(), {
      taxonomyLabel: "los ámbitos",
    });
    expect(result.matched.map((e) => e.slug)).toEqual(["articulacion-entre-comunas"]);
    expect(result.unmatched).toEqual(["Salud mental"]);
    expect(result.details).toEqual([
      { written: "Articulación entre comunas", entry: expect.objectContaining({ slug: "articulacion-entre-comunas" }) },
      { written: "Salud mental", entry: null },
    ]);
    expect(result.warnings).toEqual([
      "«Salud mental» no coincide con ninguna opción de los ámbitos; se conservó para que la revises.",
    ]);
  });

  it("splits prose joined with «y» without breaking labels that contain «y»", () => {
    const result = matchTaxonomyLabels(["Buscadores de empleo", "empresas y gremios y OMIL"], beneficiarios());
    expect(result.matched.map((e) => e.slug)).toEqual(["buscadores-de-empleo", "empresas-y-gremios", "omil"]);
    expect(result.unmatched).toEqual([]);
    expect(matchTaxonomyLabels(["OMIL y municipio"], beneficiarios()).matched.map((e) => e.slug)).toEqual([
      "omil",
      "municipio",
    ]);
  });

  it("rejoins a label that prose splitting cut at its comma", () => {
    const result = matchTaxonomyLabels(["Comunicaciones", "identidad pública y reputación de la OMIL"], ambitos());
    expect(result.matched.map((e) => e.slug)).toEqual(["comunicaciones-identidad-reputacion"]);
    expect(result.unmatched).toEqual([]);
  });

  it("deduplicates entries written twice", () => {
    const result = matchTaxonomyLabels(["OMIL", "OMIL del municipio"], beneficiarios());
    expect(result.matched.map((e) => e.slug)).toEqual(["omil"]);
  });
});
