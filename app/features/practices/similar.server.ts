/**
 * "Prácticas similares": published practices sharing impacted areas and
 * beneficiaries, then region. Computed in the database so the practice page
 * keeps it when the search engine is down; a few hundred published
 * practices are scored in memory in well under a millisecond each.
 */
import { and, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { practices } from "~/db/schema";
import type { PracticeRow } from "./practices.server.ts";

export async function findSimilarPractices(db: DbOrTx, practice: PracticeRow, limit = 4) {
  const candidates = await db
    .select({ slug: practices.slug, title: practices.title, organizationName: practices.organizationName, ambitos: practices.ambitos, beneficiarios: practices.beneficiarios, regionCode: practices.regionCode, year: practices.year })
    .from(practices)
    .where(and(eq(practices.status, "published"), ne(practices.id, practice.id)))
    .orderBy(desc(practices.publishedAt))
    .limit(2_000);
  const score = (c: (typeof candidates)[number]) =>
    3 * c.ambitos.filter((a) => practice.ambitos.includes(a)).length +
    c.beneficiarios.filter((b) => practice.beneficiarios.includes(b)).length +
    (c.regionCode && c.regionCode === practice.regionCode ? 1 : 0);
  return candidates
    .map((c) => ({ ...c, score: score(c) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ slug, title, organizationName, year }) => ({ slug, title, organizationName, year }));
}
