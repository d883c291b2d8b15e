/**
 * Demo library: every content/practices/*.md file, published, through the
 * same import path users get. Runs on the first start only (a practice whose
 * slug exists is left alone, so edits made in the portal survive restarts).
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { practices } from "~/db/schema";
import type { DemoContext } from "~/features/seed/steps.server";
import { extractFrontMatter } from "./import/front-matter";
import { importPracticeText } from "./import.server.ts";
import { seedPracticeTaxonomies } from "./taxonomies.server.ts";

export const DEMO_PRACTICES_DIR = path.resolve(process.cwd(), "content", "practices");
export const SYSTEM_AUTHOR = { id: null, name: "Carga inicial del portal" };

/** Demo step: the taxonomies and the practices of content/practices/. */
export async function seedPractices({ db, organizations, log }: DemoContext) {
  await seedPracticeTaxonomies(db);
  const files = fs.readdirSync(DEMO_PRACTICES_DIR).filter((f) => f.endsWith(".md")).sort();
  let created = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.join(DEMO_PRACTICES_DIR, file), "utf8");
    const slug = extractFrontMatter(text).metadata?.slug;
    if (slug && (await db.select({ id: practices.id }).from(practices).where(eq(practices.slug, slug))).length > 0) continue;
    const region = extractFrontMatter(text).metadata?.region ?? null;
    // Ñuble's practices belong to the demo DR, so its staff can edit them; others to Nivel Central's care.
    const owner = region === organizations.dr.regionCode ? organizations.dr : organizations.nc;
    await importPracticeText(db, SYSTEM_AUTHOR, { organizationId: owner.id, organizationKind: owner.kind, regionCode: region }, text, { sourceName: file, publish: true });
    created += 1;
  }
  log.info(`[buenas prácticas] ${created} prácticas de demostración cargadas`);
}
