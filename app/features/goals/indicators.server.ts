import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { goalIndicators } from "~/db/schema";
import { normalizeForMatch } from "~/utils/text";
import indicatorData from "../../../content/taxonomies/goal-indicators.json";

export type GoalIndicator = typeof goalIndicators.$inferSelect;

/** Loads the taxonomy's indicators (idempotent; labels and units follow the file). */
export async function loadGoalIndicators(db: DbOrTx): Promise<void> {
  const rows = (indicatorData as { slug: string; label: string; unit: string }[]).map((i) => ({ ...i, builtIn: true }));
  await db
    .insert(goalIndicators)
    .values(rows)
    .onConflictDoUpdate({ target: goalIndicators.slug, set: { label: sql`excluded.label`, unit: sql`excluded.unit`, builtIn: true } });
}

export async function listGoalIndicators(db: DbOrTx): Promise<GoalIndicator[]> {
  const rows = await db.select().from(goalIndicators).orderBy(asc(goalIndicators.label));
  if (rows.some((r) => r.builtIn)) return rows;
  // A fresh database: the taxonomy loads on first use.
  await loadGoalIndicators(db);
  return db.select().from(goalIndicators).orderBy(asc(goalIndicators.label));
}

/** A custom indicator, found by its normalized name or added to the taxonomy. */
export async function findOrCreateCustomIndicator(db: DbOrTx, label: string, unit: string): Promise<GoalIndicator> {
  const base = `otro-${normalizeForMatch(label)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60)}`;
  const [existing] = await db.select().from(goalIndicators).where(eq(goalIndicators.slug, base));
  if (existing) return existing;
  const [row] = await db.insert(goalIndicators).values({ slug: base, label, unit: unit || "unidades", builtIn: false }).returning();
  return row;
}
