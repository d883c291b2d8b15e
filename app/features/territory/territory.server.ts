import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, provinces, regions } from "~/db/schema";
import { normalizeForMatch } from "~/utils/text";
import comunasData from "../../../content/territory/comunas.json";
import provincesData from "../../../content/territory/provinces.json";
import regionsData from "../../../content/territory/regions.json";

/** Loads the 16 regions, 56 provinces and 346 comunas; safe to run again. */
export async function loadTerritory(db: DbOrTx): Promise<void> {
  await db.insert(regions).values(regionsData).onConflictDoNothing();
  await db.insert(provinces).values(provincesData).onConflictDoNothing();
  await db.insert(comunas).values(comunasData).onConflictDoNothing();
}

export async function listRegions(db: DbOrTx) {
  return db.select().from(regions).orderBy(asc(regions.code));
}

export async function listComunas(db: DbOrTx, regionCode?: string) {
  const query = db.select({ code: comunas.code, name: comunas.name, regionCode: comunas.regionCode }).from(comunas);
  return (regionCode ? query.where(eq(comunas.regionCode, regionCode)) : query).orderBy(asc(comunas.name));
}

/** Finds a comuna by its 5-digit code, official name or an everyday alias ("Til Til", "La Calera"). */
export function findComuna(nameOrCode: string) {
  const wanted = normalizeForMatch(nameOrCode);
  return comunasData.find(
    (c) => c.code === nameOrCode.trim() || normalizeForMatch(c.name) === wanted || c.aliases.some((a) => normalizeForMatch(a) === wanted),
  );
}

export function regionName(code: string | null | undefined): string {
  return regionsData.find((r) => r.code === code)?.name ?? "";
}
