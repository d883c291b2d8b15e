/** The search document of a practice, built from the database (the truth). */
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, regions } from "~/db/schema";
import type { PracticeRow } from "../practices.server.ts";
import type { FacetKey } from "./query.server.ts";
import { RICH_SECTION_KEYS } from "../schema.ts";
import { labelsFor, loadPracticeTaxonomies } from "../taxonomies.server.ts";
import { placeWords } from "../places.ts";

export interface PracticeSearchDocument {
  id: string;
  slug: string;
  title: string;
  organization: string;
  organizationType: string;
  ownerOrganizationId: string | null;
  status: string;
  region: string | null;
  regionName: string;
  comunas: string[];
  /** Region names (official and everyday), comunas with their aliases and provinces: what a place search matches. */
  places: string[];
  year: number | null;
  ambitos: string[];
  ambitoSlugs: string[];
  beneficiarios: string[];
  beneficiarioSlugs: string[];
  /** Effectiveness and origin first: the best snippet material. */
  summary: string;
  body: string;
  /** Publication (or last update) time, epoch ms, for "sort by date". */
  date: number;
  /**
   * Every facet value as "<facet>:<value>" (facetTagsFor): the engine counts
   * one attribute per matching document instead of five (query.server.ts).
   */
  facetTags: string[];
}

/** The fields every current document has: an index missing one holds documents of an older shape. */
export const SEARCH_DOCUMENT_FIELDS = [
  "id", "slug", "title", "organization", "organizationType", "ownerOrganizationId", "status", "region", "regionName", "comunas",
  "places", "year", "ambitos", "ambitoSlugs", "beneficiarios", "beneficiarioSlugs", "summary", "body", "date", "facetTags",
] as const satisfies readonly (keyof PracticeSearchDocument)[];

export function facetTagsFor(values: Record<FacetKey, readonly (string | number | null)[]>): string[] {
  return Object.entries(values).flatMap(([facet, list]) => list.filter((v) => v !== null && v !== "").map((v) => `${facet}:${v}`));
}

const plain = (text: string) => text.replace(/\*\*|(?<!\*)\*(?!\*)/g, "").replace(/^\s*(?:[-*•]|\d+[.)])\s+/gm, "").replace(/^#+\s*/gm, "");

export async function buildSearchDocuments(db: DbOrTx, rows: readonly PracticeRow[]): Promise<PracticeSearchDocument[]> {
  if (rows.length === 0) return [];
  const taxonomies = await loadPracticeTaxonomies(db, { includeRetired: true });
  const regionCodes = [...new Set(rows.map((r) => r.regionCode).filter((c): c is string => !!c))];
  const comunaCodes = [...new Set(rows.flatMap((r) => r.comunaCodes))];
  const regionNames = new Map(
    regionCodes.length ? (await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, regionCodes))).map((r) => [r.code, r.name]) : [],
  );
  const comunaNames = new Map(
    comunaCodes.length ? (await db.select({ code: comunas.code, name: comunas.name }).from(comunas).where(inArray(comunas.code, comunaCodes))).map((c) => [c.code, c.name]) : [],
  );
  return rows.map((r) => {
    const text = (key: string) => plain(r.content[key]?.text ?? "");
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      organization: r.organizationName,
      organizationType: r.organizationType,
      ownerOrganizationId: r.ownerOrganizationId,
      status: r.status,
      region: r.regionCode,
      regionName: r.regionCode ? (regionNames.get(r.regionCode) ?? "") : "",
      comunas: r.comunaCodes.map((c) => comunaNames.get(c) ?? c),
      places: placeWords(r.regionCode, r.comunaCodes),
      year: r.year,
      ambitos: labelsFor(taxonomies.ambitos, r.ambitos),
      ambitoSlugs: r.ambitos,
      beneficiarios: labelsFor(taxonomies.beneficiarios, r.beneficiarios),
      beneficiarioSlugs: r.beneficiarios,
      summary: [text("effectiveness"), text("origin")].filter(Boolean).join("\n"),
      body: RICH_SECTION_KEYS.filter((k) => k !== "effectiveness" && k !== "origin")
        .map(text)
        .filter(Boolean)
        .join("\n"),
      date: (r.publishedAt ?? r.updatedAt).getTime(),
      facetTags: facetTagsFor({ ambito: r.ambitos, beneficiario: r.beneficiarios, region: [r.regionCode], tipo: [r.organizationType], anio: [r.year] }),
    };
  });
}

