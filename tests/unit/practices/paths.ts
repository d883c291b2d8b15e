import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TaxonomyEntry } from "~/features/practices/import/taxonomy-match";

/** Repository root (tests/unit/practices → ../../..). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The shared source documents and reference data live next to the repository
 * (see docs: "../shared/"); SHARED_DIR overrides the location in other setups.
 */
const sharedDir = process.env.SHARED_DIR ?? fileURLToPath(new URL("../../../../shared/", import.meta.url));
export const seedsDir = `${sharedDir}seeds/`;
export const dataDir = `${sharedDir}data/`;
export const hasSeeds = existsSync(seedsDir);
export const hasData = existsSync(dataDir);

/** Reads seed "NNN_*.txt" by its number. */
export function readSeed(number: string): string {
  const name = readdirSync(seedsDir).find((file) => file.startsWith(`${number}_`));
  if (!name) throw new Error(`Seed ${number} not found in ${seedsDir}`);
  return readFileSync(`${seedsDir}${name}`, "utf8");
}

export function readJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(`${repoRoot}${relativePath}`, "utf8")) as T;
}

export const ambitos = () => readJson<TaxonomyEntry[]>("content/taxonomies/ambitos.json");
export const beneficiarios = () => readJson<TaxonomyEntry[]>("content/taxonomies/beneficiarios.json");
