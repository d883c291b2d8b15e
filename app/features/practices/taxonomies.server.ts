import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { practiceTaxonomyTerms, PRACTICE_TAXONOMIES } from "~/db/schema";
import type { TaxonomyEntry } from "./import/taxonomy-match";

export type PracticeTaxonomies = Record<(typeof PRACTICE_TAXONOMIES)[number], TaxonomyEntry[]>;

function contentFile(name: string): string {
  return path.resolve(process.cwd(), "content", "taxonomies", `${name}.json`);
}

/** Inserts the taxonomy entries from content/ that are missing; never renames what Nivel Central edited. */
export async function seedPracticeTaxonomies(db: DbOrTx): Promise<void> {
  for (const taxonomy of PRACTICE_TAXONOMIES) {
    const entries = JSON.parse(fs.readFileSync(contentFile(taxonomy), "utf8")) as TaxonomyEntry[];
    await db
      .insert(practiceTaxonomyTerms)
      .values(entries.map((e, position) => ({ taxonomy, slug: e.slug, label: e.label, position })))
      .onConflictDoNothing();
  }
}

/** Active terms, in display order. `includeRetired` for labelling old practices. */
export async function loadPracticeTaxonomies(db: DbOrTx, options: { includeRetired?: boolean } = {}): Promise<PracticeTaxonomies> {
  const rows = await db
    .select()
    .from(practiceTaxonomyTerms)
    .where(options.includeRetired ? undefined : isNull(practiceTaxonomyTerms.retiredAt))
    .orderBy(asc(practiceTaxonomyTerms.position), asc(practiceTaxonomyTerms.label));
  if (rows.length === 0 && !options.includeRetired) {
    // A database created without the demo data still needs the template's lists.
    await seedPracticeTaxonomies(db);
    return loadPracticeTaxonomies(db, { includeRetired: true });
  }
  const result: PracticeTaxonomies = { ambitos: [], beneficiarios: [] };
  for (const r of rows) result[r.taxonomy].push({ slug: r.slug, label: r.label });
  return result;
}

export function labelsFor(entries: readonly TaxonomyEntry[], slugs: readonly string[]): string[] {
  return slugs.map((s) => entries.find((e) => e.slug === s)?.label ?? s);
}

/** Keeps only slugs that exist, so a tampered form or URL cannot store unknown values. */
export function knownSlugs(entries: readonly TaxonomyEntry[], slugs: readonly string[]): string[] {
  return [...new Set(slugs.filter((s) => entries.some((e) => e.slug === s)))];
}

export async function renameTaxonomyTerm(db: DbOrTx, taxonomy: (typeof PRACTICE_TAXONOMIES)[number], slug: string, label: string) {
  await db.update(practiceTaxonomyTerms).set({ label }).where(and(eq(practiceTaxonomyTerms.taxonomy, taxonomy), eq(practiceTaxonomyTerms.slug, slug)));
}
