/**
 * `npm run import:practices -- <dir> [--publish]`: imports every .docx, .md
 * and .txt file of a folder through the same path as the upload form. Drafts
 * by default; `--publish` publishes them (for curated content). A file with
 * a `slug` in its metadata updates the practice with that slug.
 * Needs the database to itself when it is PGlite (stop the portal first).
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { openDatabase, setDatabase } from "~/db/client.server";
import { organizations, regions } from "~/db/schema";
import { loadTerritory } from "~/features/territory/territory.server";
import { loadEnv, setEnv } from "~/env.server";
import { importPracticeDocument } from "~/features/practices/import.server";
import { PracticeDocumentError } from "~/features/practices/import/read-document.server";
import { extractFrontMatter } from "~/features/practices/import/front-matter";
import { createLogger, setLogger } from "~/utils/logger.server";

const args = process.argv.slice(2);
const publish = args.includes("--publish");
const dir = args.find((a) => !a.startsWith("--"));
if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
  process.stderr.write("Uso: npm run import:practices -- <carpeta> [--publish]\n");
  process.exit(2);
}
const files = fs
  .readdirSync(dir)
  .filter((f) => /\.(docx|md|markdown|txt)$/i.test(f))
  .sort((a, b) => a.localeCompare(b, "es"));

const env = loadEnv();
setEnv(env);
const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
setDatabase(handle);
const db = handle.db;
const author = { id: null, name: "Importación por lotes" };
const counts = { created: 0, updated: 0, failed: 0, warnings: 0 };

/** The DR of the document's region owns the draft (so it can review it); otherwise Nivel Central. */
async function ownerFor(regionCode: string | null) {
  const [dr] = regionCode
    ? await db.select().from(organizations).where(and(eq(organizations.kind, "direccion_regional"), eq(organizations.regionCode, regionCode)))
    : [];
  const [nc] = await db.select().from(organizations).where(eq(organizations.kind, "nivel_central"));
  const owner = dr ?? nc;
  return { organizationId: owner?.id ?? null, organizationKind: owner?.kind ?? null, regionCode };
}

try {
  // A database that never ran the portal has no regions yet (practices reference them).
  if ((await db.$count(regions)) === 0) await loadTerritory(db);
  log.info(`Importando ${files.length} archivo(s) de ${path.resolve(dir)}${publish ? " (se publicarán)" : " como borradores"}…`);
  for (const [i, file] of files.entries()) {
    const prefix = `[${String(i + 1).padStart(String(files.length).length)}/${files.length}] ${file}`;
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
    try {
      const region = /\.(md|markdown|txt)$/i.test(file) ? (extractFrontMatter(new TextDecoder().decode(bytes)).metadata?.region ?? null) : null;
      const result = await importPracticeDocument(db, author, await ownerFor(region), bytes, file, { publish });
      counts[result.action] += 1;
      counts.warnings += result.warnings.length;
      const state = result.action === "created" ? (result.practice.status === "published" ? "creada y publicada" : "creada como borrador") : "actualizada";
      log.info({ file, slug: result.practice.slug, action: result.action, warnings: result.warnings }, `${prefix} → ${state}: ${result.practice.slug}${result.warnings.length ? ` · ${result.warnings.length} aviso(s)` : ""}`);
    } catch (error) {
      counts.failed += 1;
      // Database errors wrap the driver's message in `cause`; the query text itself is of no use here.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
      const reason = error instanceof PracticeDocumentError ? error.message : (cause ?? (error instanceof Error ? error.message : String(error))).slice(0, 300);
      log.warn({ file, reason }, `${prefix} → ERROR: ${reason}`);
    }
  }
  log.info(
    counts,
    `Resumen: ${counts.created} creada(s), ${counts.updated} actualizada(s), ${counts.failed} con error, ${counts.warnings} aviso(s). ` +
      "El buscador se actualiza solo cuando el portal está en marcha.",
  );
} finally {
  await handle.close();
}
process.exitCode = counts.failed > 0 ? 1 : 0;
