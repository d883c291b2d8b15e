/**
 * The degraded search: when Meilisearch is unavailable the library is listed
 * from the database with the same filters, words matched without accents
 * (no typo tolerance, no synonyms, no ranking beyond date).
 */
import { desc, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { practices, regions } from "~/db/schema";
import { can } from "~/permissions/permissions";
import { practiceResource } from "../practices.server.ts";
import type { PracticeSearchParams } from "../schema.ts";
import { labelsFor, type PracticeTaxonomies } from "../taxonomies.server.ts";
import { foldAccents as fold } from "~/utils/text";
import { FACETS, HITS_PER_PAGE, highlightQuery, validFilters, type FacetKey, type PracticeSearchResult, type SearchScope } from "./query.server.ts";
import { buildSnippet } from "./snippet.ts";
import { meaningfulWords } from "./stop-words.ts";

const FOLD_FROM = "áéíóúüñàèìòùâêîôû";
const FOLD_TO = "aeiouunaeiouaeiou";
const MAX_ROWS = 2_000;

export async function searchWithDatabase(
  db: Database,
  params: PracticeSearchParams,
  taxonomies: PracticeTaxonomies,
  scope: SearchScope,
): Promise<PracticeSearchResult> {
  const filters = validFilters(params, taxonomies);
  // Question and filler words ("¿cómo…?") would demand words no practice needs to have.
  const words = meaningfulWords(params.q)
    .filter((w) => w.length >= 2)
    .slice(0, 10);
  const conditions: SQL[] = [
    scope.kind === "public" ? sql`${practices.status} = 'published'` : sql`${practices.status} in ('draft', 'in_review')`,
  ];
  const haystack = sql`translate(lower(${practices.title} || ' ' || ${practices.organizationName} || ' ' || ${practices.content}::text), ${FOLD_FROM}, ${FOLD_TO})`;
  for (const word of words) conditions.push(sql`${haystack} like ${`%${word}%`}`);
  const rows = await db
    .select()
    .from(practices)
    .where(sql.join(conditions, sql` and `))
    .orderBy(desc(practices.publishedAt), desc(practices.updatedAt))
    .limit(MAX_ROWS);
  const visible = scope.kind === "public" ? rows : rows.filter((r) => can(scope.actor, "update", practiceResource(r)));

  const valuesOf = (r: (typeof rows)[number]): Record<FacetKey, (string | number)[]> => ({
    ambito: r.ambitos,
    beneficiario: r.beneficiarios,
    region: r.regionCode ? [r.regionCode] : [],
    tipo: [r.organizationType],
    anio: r.year ? [r.year] : [],
  });
  const keys = Object.keys(FACETS) as FacetKey[];
  const passes = (r: (typeof rows)[number], except?: FacetKey) =>
    keys.every((k) => k === except || filters[k].length === 0 || valuesOf(r)[k].some((v) => filters[k].map(String).includes(String(v))));

  const facets = Object.fromEntries(keys.map((k) => [k, {} as Record<string, number>])) as PracticeSearchResult["facets"];
  for (const r of visible) {
    for (const k of keys) {
      if (!passes(r, k)) continue;
      for (const v of valuesOf(r)[k]) facets[k][String(v)] = (facets[k][String(v)] ?? 0) + 1;
    }
  }
  // Without the engine's ranking, practices whose title holds every word come first (stable sort keeps date order).
  const titleScore = (r: (typeof rows)[number]) => words.filter((w) => fold(r.title).includes(w)).length;
  const matching = visible.filter((r) => passes(r)).sort((a, b) => titleScore(b) - titleScore(a));
  const pageRows = matching.slice((params.page - 1) * HITS_PER_PAGE, params.page * HITS_PER_PAGE);
  const regionCodes = [...new Set(pageRows.map((r) => r.regionCode).filter((c): c is string => !!c))];
  const regionNames = new Map(
    regionCodes.length ? (await db.select().from(regions).where(inArray(regions.code, regionCodes))).map((r) => [r.code, r.name]) : [],
  );
  const highlight = highlightQuery(params.q);
  return {
    hits: pageRows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      organization: r.organizationName,
      region: r.regionCode,
      regionName: r.regionCode ? (regionNames.get(r.regionCode) ?? "") : "",
      year: r.year,
      ambitos: labelsFor(taxonomies.ambitos, r.ambitos),
      beneficiarios: labelsFor(taxonomies.beneficiarios, r.beneficiarios),
      status: r.status,
      snippet: buildSnippet([r.content.effectiveness?.text ?? "", r.content.origin?.text ?? ""], highlight),
      url: `/buenas-practicas/${r.slug}`,
    })),
    total: matching.length,
    page: params.page,
    pageSize: HITS_PER_PAGE,
    totalPages: Math.max(1, Math.ceil(matching.length / HITS_PER_PAGE)),
    ignoredWords: [],
    facets,
    degraded: true,
    processingTimeMs: null,
  };
}
