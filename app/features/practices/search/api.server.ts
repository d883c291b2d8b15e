/**
 * `GET /api/practicas`: published practices as JSON for other sites (the same
 * search as the page). Served by an Express route (server/app.ts), not a Remix
 * resource route: Remix re-ranks every route on each request and wraps it in
 * web Request/Response objects, which tripled this endpoint's CPU per request
 * (docs/decisions/0011-search-snippets-in-node.md).
 */
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { parseSearchParams } from "../schema.ts";
import type { FacetKey } from "./query.server.ts";
import { searchNotices, searchPractices } from "./search.server.ts";

export interface PracticesApiBody {
  hits: {
    slug: string;
    title: string;
    organization: string;
    region: string | null;
    year: number | null;
    ambitos: string[];
    beneficiarios: string[];
    /** HTML-escaped text with <mark> around matched words. */
    snippet: string;
    url: string;
  }[];
  total: number;
  /** The page returned (1-based), its size and how many pages the search has. */
  page: number;
  pageSize: number;
  totalPages: number;
  facets: Record<FacetKey, Record<string, number>>;
  /** Spanish notices on how the query was read (cut at 200 characters, only stop words, words found nowhere). */
  notices: string[];
}

/**
 * The body and headers for a request URL. A degraded answer (search engine
 * down, database listing) says so in `X-Search-Degraded`; the body keeps the
 * documented shape.
 */
export async function answerPracticesApi(url: URL): Promise<{ body: PracticesApiBody; headers: Record<string, string> }> {
  const started = performance.now();
  const params = parseSearchParams(url.searchParams);
  const result = await searchPractices(getDb(), params, { kind: "public" });
  const base = getEnv().baseUrl.replace(/\/$/, "");
  const body: PracticesApiBody = {
    hits: result.hits.map((h) => ({
      slug: h.slug,
      title: h.title,
      organization: h.organization,
      region: h.region,
      year: h.year,
      ambitos: h.ambitos,
      beneficiarios: h.beneficiarios,
      snippet: h.snippet,
      url: `${base}${h.url}`,
    })),
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    totalPages: result.totalPages,
    facets: result.facets,
    notices: searchNotices(params, result),
  };
  const engine = result.processingTimeMs !== null ? `meili;dur=${result.processingTimeMs}, ` : "";
  return {
    body,
    headers: {
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=30",
      "X-Search-Degraded": result.degraded ? "1" : "0",
      // Engine time vs. total time, for monitoring and `npm run bench:search`.
      "Server-Timing": `${engine}route;dur=${(performance.now() - started).toFixed(1)}`,
    },
  };
}
