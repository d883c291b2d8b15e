import type { DbOrTx } from "~/db/client.server";
import { listComunas, listRegions } from "~/features/territory/territory.server";

/** Select options for comunas (with their region) and regions. */
export async function territoryOptions(db: DbOrTx, regionCode?: string | null) {
  const [regions, comunas] = await Promise.all([listRegions(db), listComunas(db, regionCode ?? undefined)]);
  const regionNames = new Map(regions.map((r) => [r.code, r.shortName]));
  return {
    regions: regions.filter((r) => !regionCode || r.code === regionCode).map((r) => ({ value: r.code, label: r.name })),
    comunas: comunas.map((c) => ({ value: c.code, label: `${c.name} (${regionNames.get(c.regionCode)})` })),
  };
}
