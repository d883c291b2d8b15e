import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { practices, practiceTaxonomyTerms, PRACTICE_TAXONOMIES } from "~/db/schema";
import { FieldError } from "~/utils/errors";
import { foldAccents } from "~/utils/text";
import type { TaxonomyEntry } from "./import/taxonomy-match";
import { enqueuePracticeSync } from "./search/enqueue.server.ts";

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

export type PracticeTaxonomyKey = (typeof PRACTICE_TAXONOMIES)[number];

export async function listTaxonomyTerms(db: DbOrTx) {
  await loadPracticeTaxonomies(db); // seeds an empty table
  return db.select().from(practiceTaxonomyTerms).orderBy(asc(practiceTaxonomyTerms.taxonomy), asc(practiceTaxonomyTerms.position), asc(practiceTaxonomyTerms.label));
}

/**
 * Renames, retires or restores a term, or adds one. Search documents carry
 * the labels, so every practice using a renamed term is queued for re-indexing
 * in the same transaction.
 */
export async function changeTaxonomyTerm(
  db: Database,
  change:
    | { kind: "rename"; taxonomy: PracticeTaxonomyKey; slug: string; label: string }
    | { kind: "retire" | "restore"; taxonomy: PracticeTaxonomyKey; slug: string }
    | { kind: "add"; taxonomy: PracticeTaxonomyKey; label: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (change.kind === "add") {
      const slug = foldAccents(change.label).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "termino";
      const [{ n }] = await tx.select({ n: sql<number>`count(*)` }).from(practiceTaxonomyTerms).where(eq(practiceTaxonomyTerms.taxonomy, change.taxonomy));
      const inserted = await tx
        .insert(practiceTaxonomyTerms)
        .values({ taxonomy: change.taxonomy, slug, label: change.label, position: Number(n) })
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0) throw new FieldError("label", "Ya existe una opción con ese nombre.");
      return;
    }
    const where = and(eq(practiceTaxonomyTerms.taxonomy, change.taxonomy), eq(practiceTaxonomyTerms.slug, change.slug));
    if (change.kind === "rename") await tx.update(practiceTaxonomyTerms).set({ label: change.label }).where(where);
    else await tx.update(practiceTaxonomyTerms).set({ retiredAt: change.kind === "retire" ? new Date() : null }).where(where);
    if (change.kind === "rename") {
      const column = change.taxonomy === "ambitos" ? practices.ambitos : practices.beneficiarios;
      const using = await tx.select({ id: practices.id }).from(practices).where(sql`${column} ? ${change.slug}`);
      for (const p of using) await enqueuePracticeSync(tx, p.id);
    }
  });
}
