/**
 * The one import path: the upload form, `npm run import:practices` and the
 * demo library all go through `importPracticeText`. A parsed document
 * becomes a draft (published only when the batch caller asks for it);
 * taxonomy labels that match nothing are kept in "Sin clasificar" with a
 * warning — never dropped.
 */
import { eq } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { practices } from "~/db/schema";
import { buildRichContent } from "./content.server.ts";
import { parsePracticeText } from "./import/parse-practice";
import { readPracticeDocument } from "./import/read-document.server";
import { matchTaxonomyLabels } from "./import/taxonomy-match";
import { inferOrganizationType } from "./content.server.ts";
import { createPractice, updatePractice, type ChangeAuthor, type PracticeInput, type PracticeRow } from "./practices.server.ts";
import { RICH_SECTION_KEYS } from "./schema.ts";
import { loadPracticeTaxonomies } from "./taxonomies.server.ts";

export interface ImportOwner {
  /** The office that will own the draft (the importer's office), if any. */
  organizationId: string | null;
  organizationKind: string | null;
  /** Region used when the document does not say. */
  regionCode: string | null;
}

export interface ImportResult {
  practice: PracticeRow;
  action: "created" | "updated";
  warnings: string[];
}

export async function importPracticeText(
  db: Database,
  author: ChangeAuthor,
  owner: ImportOwner,
  text: string,
  options: { sourceName: string; publish?: boolean; extraWarnings?: string[] },
): Promise<ImportResult> {
  const parsed = parsePracticeText(text);
  const warnings = [...(options.extraWarnings ?? []), ...parsed.warnings];
  const taxonomies = await loadPracticeTaxonomies(db);
  const ambitos = matchTaxonomyLabels(parsed.ambitos, taxonomies.ambitos, { taxonomyLabel: "Ámbitos impactados" });
  const beneficiarios = matchTaxonomyLabels(parsed.beneficiarios, taxonomies.beneficiarios, { taxonomyLabel: "Beneficiarios" });
  warnings.push(...ambitos.warnings, ...beneficiarios.warnings);

  const unclassified = [parsed.unclassified];
  if (ambitos.unmatched.length) unclassified.push(`Ámbitos impactados no reconocidos:\n${ambitos.unmatched.map((l) => `- ${l}`).join("\n")}`);
  if (beneficiarios.unmatched.length) unclassified.push(`Beneficiarios no reconocidos:\n${beneficiarios.unmatched.map((l) => `- ${l}`).join("\n")}`);
  const texts = Object.fromEntries(RICH_SECTION_KEYS.map((k) => [k, parsed[k]]));
  texts.unclassified = unclassified.filter((t) => t.trim()).join("\n\n");

  const title = parsed.title.trim() || `Práctica importada de ${options.sourceName}`.slice(0, 200);
  if (!parsed.title.trim()) warnings.push("El documento no tenía título; se usó el nombre del archivo. Corríjalo antes de enviar a revisión.");
  const metadata = parsed.metadata;
  const input: PracticeInput = {
    title: title.slice(0, 200),
    organizationName: parsed.organization.slice(0, 200),
    organizationType: inferOrganizationType(parsed.organization, owner.organizationKind),
    regionCode: metadata?.region ?? owner.regionCode,
    year: metadata?.year ?? null,
    comunaCodes: metadata?.comunas ?? [],
    ambitos: ambitos.matched.map((e) => e.slug),
    beneficiarios: beneficiarios.matched.map((e) => e.slug),
    links: metadata?.links ?? [],
    content: buildRichContent(texts),
  };
  if (!input.year) warnings.push("Indique el año en que se aplicó la práctica.");

  // Even a batch "--publish" never publishes a document that did not fit the template.
  const fitsTemplate = !!parsed.title.trim() && !texts.unclassified.trim();
  if (options.publish && !fitsTemplate) warnings.push("No se publicó: tiene texto sin clasificar o le falta el título. Quedó como borrador para revisión.");
  const status = options.publish && fitsTemplate ? "published" : "draft";
  const existing = metadata?.slug ? (await db.select().from(practices).where(eq(practices.slug, metadata.slug)))[0] : undefined;
  if (existing) {
    const practice = await updatePractice(db, author, existing, input, { note: `Reimportada desde ${options.sourceName}` });
    return { practice, action: "updated", warnings };
  }
  const practice = await createPractice(
    db,
    author,
    { ...input, ownerOrganizationId: owner.organizationId, slug: metadata?.slug, status },
    `Importada desde ${options.sourceName}`,
  );
  return { practice, action: "created", warnings };
}

/** Reads an uploaded file (size and type checked by content) and imports it. Throws PracticeDocumentError. */
export async function importPracticeDocument(
  db: Database,
  author: ChangeAuthor,
  owner: ImportOwner,
  bytes: Uint8Array,
  filename: string,
  options: { publish?: boolean } = {},
): Promise<ImportResult> {
  const read = await readPracticeDocument(bytes, filename);
  return importPracticeText(db, author, owner, read.text, { sourceName: filename, publish: options.publish, extraWarnings: read.warnings });
}
