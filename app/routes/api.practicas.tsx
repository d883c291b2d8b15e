import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { parseSearchParams } from "~/features/practices/schema";
import { searchPractices } from "~/features/practices/search/search.server";

/**
 * Published practices as JSON for other sites (same search as the page).
 * `snippet` is HTML-escaped text with <mark> around matched words.
 * A degraded answer (search engine down, database listing) says so in the
 * `X-Search-Degraded` header; the body keeps the documented shape.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const started = performance.now();
  const params = parseSearchParams(new URL(request.url).searchParams);
  const result = await searchPractices(getDb(), params, { kind: "public" });
  const base = getEnv().baseUrl.replace(/\/$/, "");
  return json(
    {
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
      facets: result.facets,
    },
    {
      headers: {
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "public, max-age=30",
        "X-Search-Degraded": result.degraded ? "1" : "0",
        // Engine time vs. total time, for monitoring and `npm run bench:search`.
        "Server-Timing": `${result.processingTimeMs !== null ? `meili;dur=${result.processingTimeMs}, ` : ""}route;dur=${(performance.now() - started).toFixed(1)}`,
      },
    },
  );
}
