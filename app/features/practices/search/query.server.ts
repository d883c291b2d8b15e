/**
 * Searching the library. Meilisearch answers normally; when it is down or
 * failing, the same function lists matching practices from the database and
 * says so (`degraded`), so the page keeps working with fewer niceties.
 *
 * Facets are disjunctive: values of one facet combine with OR, facets with
 * AND, and each facet's counts ignore its own selection (one extra query per
 * active facet in the same multi-search), so ticking a box never hides the
 * other options of that facet.
 */
import type { Meilisearch, MultiSearchQuery } from "meilisearch";
import type { Actor, MaybeActor } from "~/permissions/actor";
import { PRACTICE_ORGANIZATION_TYPES } from "~/db/schema";
import type { PracticeSearchParams } from "../schema.ts";
import type { PracticeTaxonomies } from "../taxonomies.server.ts";
import { PRIVATE_PRACTICES_INDEX, PUBLIC_PRACTICES_INDEX } from "./settings.server.ts";
import type { PracticeSearchDocument } from "./documents.server.ts";

export const HITS_PER_PAGE = 10;

export const FACETS = {
  ambito: "ambitoSlugs",
  beneficiario: "beneficiarioSlugs",
  region: "region",
  tipo: "organizationType",
  anio: "year",
} as const;
export type FacetKey = keyof typeof FACETS;

export interface PracticeHit {
  id: string;
  slug: string;
  title: string;
  organization: string;
  region: string | null;
  regionName: string;
  year: number | null;
  ambitos: string[];
  beneficiarios: string[];
  status: string;
  /** HTML-escaped text with <mark> around the matched words. */
  snippet: string;
  url: string;
}

export interface PracticeSearchResult {
  hits: PracticeHit[];
  total: number;
  page: number;
  totalPages: number;
  facets: Record<FacetKey, Record<string, number>>;
  degraded: boolean;
  processingTimeMs: number | null;
}

export type SearchScope = { kind: "public" } | { kind: "private"; actor: Actor };

const MARK_START = "\u0001";
const MARK_END = "\u0002";

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function markedToHtml(value: string): string {
  return escapeHtml(value).replaceAll(MARK_START, "<mark>").replaceAll(MARK_END, "</mark>");
}

const quote = (v: string | number) => JSON.stringify(String(v));

/** Drops unknown facet values (a stale or hand-written URL must not fail). */
export function validFilters(params: PracticeSearchParams, taxonomies: PracticeTaxonomies): Record<FacetKey, (string | number)[]> {
  return {
    ambito: params.ambito.filter((s) => taxonomies.ambitos.some((e) => e.slug === s)),
    beneficiario: params.beneficiario.filter((s) => taxonomies.beneficiarios.some((e) => e.slug === s)),
    region: params.region,
    tipo: params.tipo.filter((t) => (PRACTICE_ORGANIZATION_TYPES as readonly string[]).includes(t)),
    anio: params.anio,
  };
}

function scopeFilter(scope: SearchScope): string[] {
  if (scope.kind === "public") return [];
  const { actor } = scope;
  const pending = `status IN [${quote("draft")}, ${quote("in_review")}]`;
  if (actor.role === "nc_admin") return [pending];
  const own = `ownerOrganizationId = ${quote(actor.organizationId)}`;
  if (actor.role === "dr_staff" && actor.regionCode) return [pending, `(${own} OR region = ${quote(actor.regionCode)})`];
  return [pending, own];
}

function filterExpression(filters: Record<FacetKey, (string | number)[]>, scope: SearchScope, except?: FacetKey): string[] {
  const parts = scopeFilter(scope);
  for (const key of Object.keys(FACETS) as FacetKey[]) {
    if (key === except || filters[key].length === 0) continue;
    parts.push(`${FACETS[key]} IN [${filters[key].map(quote).join(", ")}]`);
  }
  return parts;
}

function toHit(doc: PracticeSearchDocument & { _formatted?: Partial<Record<keyof PracticeSearchDocument, unknown>> }): PracticeHit {
  const f = doc._formatted ?? {};
  const summary = typeof f.summary === "string" ? f.summary : "";
  const body = typeof f.body === "string" ? f.body : "";
  const snippetSource = !summary.includes(MARK_START) && body.includes(MARK_START) ? body : summary || body;
  return {
    id: doc.id,
    slug: doc.slug,
    title: doc.title,
    organization: doc.organization,
    region: doc.region,
    regionName: doc.regionName,
    year: doc.year,
    ambitos: doc.ambitos,
    beneficiarios: doc.beneficiarios,
    status: doc.status,
    snippet: markedToHtml(snippetSource.replace(/\s+/g, " ").trim()),
    url: `/buenas-practicas/${doc.slug}`,
  };
}

export async function searchWithMeilisearch(
  client: Meilisearch,
  params: PracticeSearchParams,
  taxonomies: PracticeTaxonomies,
  scope: SearchScope,
): Promise<PracticeSearchResult> {
  const filters = validFilters(params, taxonomies);
  const indexUid = scope.kind === "public" ? PUBLIC_PRACTICES_INDEX : PRIVATE_PRACTICES_INDEX;
  const facetNames = Object.values(FACETS);
  const main: MultiSearchQuery = {
    indexUid,
    q: params.q,
    filter: filterExpression(filters, scope),
    facets: facetNames,
    hitsPerPage: HITS_PER_PAGE,
    page: params.page,
    attributesToRetrieve: ["id", "slug", "title", "organization", "region", "regionName", "year", "ambitos", "beneficiarios", "status"],
    attributesToCrop: ["summary:28", "body:28"],
    cropMarker: "…",
    attributesToHighlight: ["summary", "body"],
    highlightPreTag: MARK_START,
    highlightPostTag: MARK_END,
    ...(params.orden === "fecha" ? { sort: ["date:desc"] } : {}),
  };
  const active = (Object.keys(FACETS) as FacetKey[]).filter((k) => filters[k].length > 0);
  const facetQueries: MultiSearchQuery[] = active.map((key) => ({
    indexUid,
    q: params.q,
    filter: filterExpression(filters, scope, key),
    facets: [FACETS[key]],
    limit: 0,
  }));
  const { results } = await client.multiSearch({ queries: [main, ...facetQueries] });
  const [first, ...rest] = results;
  const distribution = { ...(first.facetDistribution ?? {}) };
  active.forEach((key, i) => {
    distribution[FACETS[key]] = rest[i]?.facetDistribution?.[FACETS[key]] ?? {};
  });
  const facets = Object.fromEntries((Object.keys(FACETS) as FacetKey[]).map((k) => [k, distribution[FACETS[k]] ?? {}])) as PracticeSearchResult["facets"];
  const total = first.totalHits ?? first.estimatedTotalHits ?? 0;
  let hits = (first.hits as unknown as PracticeSearchDocument[]).map(toHit);
  if (scope.kind === "private") hits = hits.filter((h) => h.status === "draft" || h.status === "in_review");
  return {
    hits,
    total,
    page: params.page,
    totalPages: Math.max(1, Math.ceil(total / HITS_PER_PAGE)),
    facets,
    degraded: false,
    // The engine's time for every query of the multi-search (main + facet counts).
    processingTimeMs: results.reduce((sum, r) => sum + (r.processingTimeMs ?? 0), 0),
  };
}

export function scopeFor(actor: MaybeActor, wantsDrafts: boolean): SearchScope {
  return actor && wantsDrafts ? { kind: "private", actor } : { kind: "public" };
}
