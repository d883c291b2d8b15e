/** What the practice page, the editor and the DOCX export show of a practice (labels resolved). */
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, regions } from "~/db/schema";
import type { PracticeRow } from "./practices.server.ts";
import { labelsFor, loadPracticeTaxonomies } from "./taxonomies.server.ts";

export async function practiceView(db: DbOrTx, p: PracticeRow) {
  const taxonomies = await loadPracticeTaxonomies(db, { includeRetired: true });
  const [region] = p.regionCode ? await db.select().from(regions).where(eq(regions.code, p.regionCode)) : [];
  const comunaRows = p.comunaCodes.length ? await db.select({ code: comunas.code, name: comunas.name }).from(comunas).where(inArray(comunas.code, p.comunaCodes)) : [];
  return {
    id: p.id,
    slug: p.slug,
    status: p.status,
    title: p.title,
    organizationName: p.organizationName,
    organizationType: p.organizationType,
    regionCode: p.regionCode,
    regionName: region?.name ?? "",
    year: p.year,
    comunas: p.comunaCodes.map((c) => comunaRows.find((r) => r.code === c)?.name ?? c),
    ambitos: labelsFor(taxonomies.ambitos, p.ambitos),
    beneficiarios: labelsFor(taxonomies.beneficiarios, p.beneficiarios),
    links: p.links,
    html: Object.fromEntries(Object.entries(p.content).map(([k, v]) => [k, v.html])),
    text: Object.fromEntries(Object.entries(p.content).map(([k, v]) => [k, v.text])),
    revision: p.revision,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type PracticeView = Awaited<ReturnType<typeof practiceView>>;
