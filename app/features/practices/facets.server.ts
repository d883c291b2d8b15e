/** Labels for the facet values shown on the search page and in the API. */
import type { DbOrTx } from "~/db/client.server";
import { regions } from "~/db/schema";
import { ORGANIZATION_TYPE_LABELS } from "./schema.ts";
import type { PracticeTaxonomies } from "./taxonomies.server.ts";

export type FacetLabels = Record<"ambito" | "beneficiario" | "region" | "tipo", Record<string, string>>;

export async function facetLabels(db: DbOrTx, taxonomies: PracticeTaxonomies): Promise<FacetLabels> {
  const regionRows = await db.select({ code: regions.code, name: regions.name }).from(regions);
  return {
    ambito: Object.fromEntries(taxonomies.ambitos.map((e) => [e.slug, e.label])),
    beneficiario: Object.fromEntries(taxonomies.beneficiarios.map((e) => [e.slug, e.label])),
    region: Object.fromEntries(regionRows.map((r) => [r.code, r.name])),
    tipo: { ...ORGANIZATION_TYPE_LABELS },
  };
}
