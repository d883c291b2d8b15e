import { getActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { can } from "~/permissions/permissions";
import { facetLabels } from "../facets.server.ts";
import { parseSearchParams } from "../schema.ts";
import { loadPracticeTaxonomies } from "../taxonomies.server.ts";
import { scopeFor } from "./query.server.ts";
import { searchNotices, searchPractices } from "./search.server.ts";

/**
 * Everything the public search page (/buenas-practicas) shows. Its route imports only this server
 * module, so the page's JavaScript carries no stub chunks, zod or permission rules (docs/decisions/0125).
 */
export async function loadPracticeSearchPage(request: Request) {
  const url = new URL(request.url);
  const params = parseSearchParams(url.searchParams);
  const actor = await getActor(request);
  const db = getDb();
  const drafts = url.searchParams.get("alcance") === "borradores" && !!actor;
  const [result, taxonomies] = await Promise.all([searchPractices(db, params, scopeFor(actor, drafts)), loadPracticeTaxonomies(db)]);
  return {
    params,
    drafts,
    result,
    notices: searchNotices(params, result),
    labels: await facetLabels(db, taxonomies),
    canCreate: can(actor, "create", { type: "practice_library" }),
    canManageTaxonomies: can(actor, "manage_taxonomies", { type: "practice_library" }),
    signedIn: !!actor,
  };
}
