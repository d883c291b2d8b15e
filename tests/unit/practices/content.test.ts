import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePracticeText } from "~/features/practices/import/parse-practice";
import { matchTaxonomyLabels } from "~/features/practices/import/taxonomy-match";
import { AUTHORED_SECTIONS, type ParsedPractice } from "~/features/practices/template";
import { ambitos, beneficiarios, dataDir, hasData, hasSeeds, readJson, readSeed, repoRoot } from "./paths";

const practicesDir = `${repoRoot}content/practices/`;
const files = readdirSync(practicesDir).filter((f) => f.endsWith(".md")).sort();
const practices: [string, ParsedPractice][] = files.map((file) => [
  file,
  parsePracticeText(readFileSync(`${practicesDir}${file}`, "utf8")),
]);
const fullText = (p: ParsedPractice) =>
  AUTHORED_SECTIONS.map((s) => {
    const value = p[s.key as keyof ParsedPractice];
    return Array.isArray(value) ? value.join("\n") : String(value);
  }).join("\n");

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function csvRows(name: string): string[][] {
  return readFileSync(`${dataDir}${name}`, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(","));
}

describe("content/practices", () => {
  it("has at least 12 practices with unique slugs", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    const slugs = practices.map(([, p]) => p.metadata?.slug);
    expect(slugs.every((s) => s && SLUG.test(s))).toBe(true);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it.each(practices)("%s parses cleanly through the import path", (_file, p) => {
    expect(p.warnings).toEqual([]);
    expect(p.unclassified).toBe("");
    for (const section of AUTHORED_SECTIONS) {
      const value = p[section.key as Exclude<keyof ParsedPractice, "metadata" | "warnings">];
      expect(value.length, section.key).toBeGreaterThan(0);
    }
    const a = matchTaxonomyLabels(p.ambitos, ambitos());
    const b = matchTaxonomyLabels(p.beneficiarios, beneficiarios());
    expect(a.unmatched).toEqual([]);
    expect(b.unmatched).toEqual([]);
    expect(a.matched).toHaveLength(p.ambitos.length);
    expect(b.matched).toHaveLength(p.beneficiarios.length);
    expect(p.metadata?.region).toMatch(/^\d{2}$/);
    expect(p.metadata?.year).toBeGreaterThanOrEqual(2015);
    expect(p.metadata?.comunas.length).toBeGreaterThan(0);
  });

  it.skipIf(!hasData)("regions and comunas exist in the reference data and agree", () => {
    const regions = new Set(csvRows("cl_regiones.csv").map(([id]) => id));
    const provinceRegion = new Map(csvRows("cl_provincias.csv").map(([id, , region]) => [id, region]));
    const comunaRegion = new Map(csvRows("cl_comunas_cut.csv").map(([id, , province]) => [id, provinceRegion.get(province)]));
    for (const [file, p] of practices) {
      expect(regions.has(p.metadata!.region!), file).toBe(true);
      for (const comuna of p.metadata!.comunas) expect(comunaRegion.get(comuna), `${file} ${comuna}`).toBe(p.metadata!.region);
    }
  });

  it("covers the cases the demo relies on", () => {
    const nuble = practices.filter(([, p]) => p.metadata?.region === "16" && fullText(p).includes("Ñuble"));
    expect(nuble.length).toBeGreaterThanOrEqual(1);
    expect(practices.some(([, p]) => /colocaci[oó]n/i.test(fullText(p)))).toBe(true);
    expect(practices.some(([, p]) => /alcalde/i.test(p.title))).toBe(true);
    expect(new Set(practices.map(([, p]) => p.metadata?.region)).size).toBeGreaterThanOrEqual(8);
  });

  it.skipIf(!hasSeeds)("retells the seeds in new words (no long verbatim passages)", () => {
    const words = (value: string) => value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const window = 12;
    const seedShingles = new Set<string>();
    for (const n of ["000", "001", "002", "003"]) {
      const w = words(readSeed(n));
      for (let i = 0; i + window <= w.length; i += 1) seedShingles.add(w.slice(i, i + window).join(" "));
    }
    for (const [file, p] of practices) {
      const prose = AUTHORED_SECTIONS.filter((s) => s.kind === "rich").map((s) => p[s.key as keyof ParsedPractice]).join(" ");
      const w = words(prose);
      const copied = [];
      for (let i = 0; i + window <= w.length; i += 1) {
        const shingle = w.slice(i, i + window).join(" ");
        if (seedShingles.has(shingle)) copied.push(shingle);
      }
      expect(copied, file).toEqual([]);
    }
  });
});

describe("content/taxonomies", () => {
  type Entry = { slug: string; label: string; unit?: string };
  const taxonomies = ["ambitos", "beneficiarios", "activity-types", "goal-indicators", "proposal-themes"];

  it.each(taxonomies)("%s.json: unique kebab-case slugs and Spanish labels", (name) => {
    const entries = readJson<Entry[]>(`content/taxonomies/${name}.json`);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.slug).toMatch(SLUG);
      expect(entry.label.trim().length).toBeGreaterThan(0);
    }
    expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length);
  });

  it("domain lists are complete", () => {
    expect(ambitos()).toHaveLength(11);
    expect(beneficiarios().map((e) => e.label)).toEqual([
      "Buscadores de empleo",
      "Empresas y gremios",
      "OMIL",
      "Servicios públicos",
      "Municipio",
    ]);
    expect(readJson<Entry[]>("content/taxonomies/activity-types.json").map((e) => e.slug)).toEqual([
      "feria-laboral",
      "encuentro-empresarial",
      "reunion-alcalde",
      "taller-apresto",
      "mesa-intersectorial",
      "visita-empresa",
      "capacitacion",
      "reunion-red",
      "otra",
    ]);
    const indicators = readJson<Entry[]>("content/taxonomies/goal-indicators.json");
    expect(indicators.map((e) => e.slug)).toEqual([
      "colocados",
      "personas-atendidas",
      "orientaciones-laborales",
      "derivaciones-ofertas",
      "contactos-empresas",
      "encuentros-empresariales",
      "ferias-laborales",
      "talleres-apresto",
      "evaluaciones-funcionales",
    ]);
    expect(indicators.every((e) => typeof e.unit === "string" && e.unit.length > 0)).toBe(true);
  });
});

describe("content/search/synonyms.json", () => {
  const synonyms = readJson<Record<string, string[]>>("content/search/synonyms.json");

  it("is a Meilisearch synonyms object with mutual, lower-case entries", () => {
    for (const [term, list] of Object.entries(synonyms)) {
      expect(term).toBe(term.toLowerCase());
      expect(Array.isArray(list) && list.length > 0).toBe(true);
      expect(list).not.toContain(term);
      for (const other of list) expect(synonyms[other], `${other} → ${term}`).toContain(term);
    }
  });

  it("keeps one-way entries (a query word → the write-ups' words) apart, lower-case and never pointing back to themselves", () => {
    const oneWay = readJson<{ synonyms: Record<string, string[]> }>("content/search/one-way-synonyms.json").synonyms;
    expect(Object.keys(oneWay).length).toBeGreaterThan(0);
    for (const [term, list] of Object.entries(oneWay)) {
      expect(term).toBe(term.toLowerCase());
      expect(list.length).toBeGreaterThan(0);
      expect(list).not.toContain(term);
      for (const other of list) expect(other).toBe(other.toLowerCase());
    }
  });

  it("covers the vocabulary OMIL staff use", () => {
    const pairs: [string, string][] = [
      ["omil", "oficina municipal de información laboral"],
      ["omil", "oficina municipal de intermediación laboral"],
      ["feria laboral", "feria de empleo"],
      ["apresto", "preparación para el empleo"],
      ["alcalde", "autoridad comunal"],
      ["colocación", "inserción laboral"],
      ["empresa", "empleador"],
      ["bne", "bolsa nacional de empleo"],
      ["dr", "dirección regional"],
    ];
    for (const [a, b] of pairs) expect(synonyms[a], a).toContain(b);
    expect(Object.keys(synonyms).length).toBeGreaterThanOrEqual(40);
  });
});
