/**
 * The one import path: the upload form, `npm run import:practices` and the
 * demo library all go through `importPracticeText`. A parsed document
 * becomes a draft (published only when the batch caller asks for it);
 * taxonomy labels that match nothing are kept in "Sin clasificar" with a
 * warning — never dropped.
 */
import { eq, ne } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { practices } from "~/db/schema";
import { buildRichContent } from "./content.server.ts";
import { parsePracticeText } from "./import/parse-practice";
import { readPracticeDocument } from "./import/read-document.server";
import { matchTaxonomyLabels } from "./import/taxonomy-match";
import { inferOrganizationType } from "./content.server.ts";
import { createPractice, practiceResource, updatePractice, type ChangeAuthor, type PracticeInput, type PracticeRow } from "./practices.server.ts";
import { RICH_SECTION_KEYS } from "./schema.ts";
import { loadPracticeTaxonomies } from "./taxonomies.server.ts";
import { findComuna, regionName } from "~/features/territory/territory.server";
import { normalizeForMatch } from "~/utils/text";
import { inferPlace, inferYear } from "./places.ts";
import { can } from "~/permissions/permissions";
import type { MaybeActor } from "~/permissions/actor";

export interface ImportOwner {
  /** The office that will own the draft (the importer's office), if any. */
  organizationId: string | null;
  organizationKind: string | null;
  /**
   * The importer's region. Never given to a document that does not say where
   * it comes from (that once filed other regions' write-ups under Ñuble):
   * such a document imports "sin región" with a warning.
   */
  regionCode: string | null;
}

/** What the importer read from the text for a field, and why (shown to the person importing). */
export interface ImportInference {
  field: "region" | "comunas" | "year";
  label: string;
  value: string;
  reason: string;
  unsure: boolean;
}

/** An existing practice with the same title or the same text. */
export interface ImportDuplicate {
  slug: string;
  title: string;
  status: string;
  reason: string;
}

export interface ImportResult {
  practice: PracticeRow;
  action: "created" | "updated";
  warnings: string[];
  inferences: ImportInference[];
  duplicates: ImportDuplicate[];
  /** When the region is unsure: the regions the text points to, best first (the page asks which). */
  regionChoices: { code: string; name: string }[];
}

/**
 * Practices whose title, or whose effectiveness and origin text, equal the document's (accents, case and
 * spacing ignored). With `reader`, only those that person may open are returned (a link to another
 * office's draft would answer 404 and show its title); the others are only counted.
 */
export async function findDuplicatePractices(
  db: Database,
  title: string,
  texts: { effectiveness: string; origin: string },
  exceptSlug?: string,
  reader?: MaybeActor,
): Promise<ImportDuplicate[] & { unreadable?: number }> {
  const wantedTitle = normalizeForMatch(title);
  const wantedText = normalizeForMatch(`${texts.effectiveness} ${texts.origin}`);
  const found: ImportDuplicate[] & { unreadable?: number } = [];
  if (!wantedTitle && wantedText.length < 40) return found;
  const rows = await db
    .select({ slug: practices.slug, title: practices.title, status: practices.status, content: practices.content, regionCode: practices.regionCode, ownerOrganizationId: practices.ownerOrganizationId })
    .from(practices)
    .where(ne(practices.status, "archived"));
  let unreadable = 0;
  for (const row of rows) {
    if (row.slug === exceptSlug) continue;
    const sameTitle = wantedTitle !== "" && normalizeForMatch(row.title) === wantedTitle;
    const rowText = normalizeForMatch(`${row.content.effectiveness?.text ?? ""} ${row.content.origin?.text ?? ""}`);
    const sameText = wantedText.length >= 40 && rowText === wantedText;
    if (!sameTitle && !sameText) continue;
    if (reader !== undefined && !can(reader, "read", practiceResource(row))) {
      unreadable += 1;
      continue;
    }
    found.push({ slug: row.slug, title: row.title, status: row.status, reason: sameTitle && sameText ? "mismo título y mismo texto" : sameTitle ? "mismo título" : "mismo texto" });
  }
  if (unreadable) found.unreadable = unreadable;
  return found;
}

/** Region, comunas and year of a document without metadata, read from its text. */
export function inferFromText(text: string): { place: ReturnType<typeof inferPlace>; year: ReturnType<typeof inferYear>; inferences: ImportInference[] } {
  const place = inferPlace(text);
  const year = inferYear(text);
  const inferences: ImportInference[] = [
    { field: "region", label: "Región", value: place.regionCode ? regionName(place.regionCode) : "Sin región", reason: place.reason, unsure: place.unsure },
    { field: "year", label: "Año", value: year.year ? String(year.year) : "Sin año", reason: year.reason, unsure: year.unsure },
  ];
  if (place.comunaCodes.length) {
    inferences.splice(1, 0, {
      field: "comunas",
      label: "Comunas",
      value: place.comunaCodes.map((c) => findComuna(c)?.name ?? c).join(", "),
      reason: "Comunas de esa región nombradas en el texto.",
      unsure: place.unsure,
    });
  }
  return { place, year, inferences };
}

export async function importPracticeText(
  db: Database,
  author: ChangeAuthor,
  owner: ImportOwner,
  text: string,
  options: { sourceName: string; publish?: boolean; extraWarnings?: string[]; reader?: MaybeActor },
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
  if (!parsed.title.trim()) warnings.push("El documento no tenía título; se usó el nombre del archivo. Corrígelo antes de enviar a revisión.");
  const metadata = parsed.metadata;
  // Where and when, from the metadata block when there is one, else read from the text (and shown with the reason).
  const readable = [title, parsed.organization, ...RICH_SECTION_KEYS.map((k) => parsed[k]), parsed.unclassified].join("\n");
  const inferred = inferFromText(readable);
  const inferences = inferred.inferences.filter((i) => (i.field === "year" ? !metadata?.year : !metadata?.region));
  const regionCode = metadata?.region ?? inferred.place.regionCode;
  if (!regionCode) warnings.push("No encontramos en el texto ninguna región ni comuna: la práctica quedó «sin región». Indícala antes de enviar a revisión.");
  else if (!metadata?.region && inferred.place.unsure) warnings.push(`No estamos seguros de la región: ${inferred.place.reason} Confírmala.`);
  const input: PracticeInput = {
    title: title.slice(0, 200),
    organizationName: parsed.organization.slice(0, 200),
    organizationType: inferOrganizationType(parsed.organization, owner.organizationKind),
    regionCode,
    year: metadata?.year ?? inferred.year.year,
    comunaCodes: metadata?.region ? (metadata.comunas ?? []) : inferred.place.comunaCodes,
    ambitos: ambitos.matched.map((e) => e.slug),
    beneficiarios: beneficiarios.matched.map((e) => e.slug),
    links: metadata?.links ?? [],
    content: buildRichContent(texts),
  };
  if (!input.year) warnings.push("Indica el año en que se aplicó la práctica.");
  else if (!metadata?.year && inferred.year.unsure) warnings.push(`Año deducido del texto: ${inferred.year.reason} Confírmalo.`);

  // Even a batch "--publish" never publishes a document that did not fit the template.
  const fitsTemplate = !!parsed.title.trim() && !texts.unclassified.trim();
  if (options.publish && !fitsTemplate) warnings.push("No se publicó: tiene texto sin clasificar o le falta el título. Quedó como borrador para revisión.");
  const status = options.publish && fitsTemplate ? "published" : "draft";
  const existing = metadata?.slug ? (await db.select().from(practices).where(eq(practices.slug, metadata.slug)))[0] : undefined;
  const duplicates = await findDuplicatePractices(db, input.title, { effectiveness: parsed.effectiveness, origin: parsed.origin }, existing?.slug, options.reader);
  for (const d of duplicates) warnings.push(`Ya existe una práctica con ${d.reason}: «${d.title}» (/buenas-practicas/${d.slug}). Revisa si es la misma antes de seguir.`);
  if (duplicates.unreadable) {
    warnings.push(
      duplicates.unreadable === 1
        ? "Otra oficina tiene un borrador con el mismo título o texto, que no puedes abrir. Consulta con tu Dirección Regional antes de seguir."
        : `Otras oficinas tienen ${duplicates.unreadable} borradores con el mismo título o texto, que no puedes abrir. Consulta con tu Dirección Regional antes de seguir.`,
    );
  }
  const regionChoices =
    !metadata?.region && inferred.place.unsure ? inferred.place.candidates.slice(0, 4).map((c) => ({ code: c.regionCode, name: regionName(c.regionCode) })) : [];
  if (existing) {
    const practice = await updatePractice(db, author, existing, input, { note: `Reimportada desde ${options.sourceName}`, audit: "practice.imported" });
    return { practice, action: "updated", warnings, inferences, duplicates: [...duplicates], regionChoices };
  }
  const practice = await createPractice(
    db,
    author,
    { ...input, ownerOrganizationId: owner.organizationId, slug: metadata?.slug, status },
    `Importada desde ${options.sourceName}`,
    "practice.imported",
  );
  return { practice, action: "created", warnings, inferences, duplicates: [...duplicates], regionChoices };
}

/**
 * The person's answer to "¿de qué región es?": the region (or none), with the comunas of that region
 * the text names (those of the region first guessed are dropped; the chosen one's are read again).
 */
export async function setImportedPracticeRegion(db: Database, author: ChangeAuthor, practice: PracticeRow, regionCode: string | null): Promise<PracticeRow> {
  if (practice.regionCode === regionCode) return practice;
  const text = [practice.title, practice.organizationName, ...Object.values(practice.content).map((section) => section?.text ?? "")].join("\n");
  const named = regionCode ? inferPlace(text).namedComunaCodes.filter((c) => c.startsWith(regionCode)) : [];
  const input: PracticeInput = {
    title: practice.title,
    organizationName: practice.organizationName,
    organizationType: practice.organizationType,
    regionCode,
    year: practice.year,
    comunaCodes: regionCode ? [...new Set([...practice.comunaCodes.filter((c) => c.startsWith(regionCode)), ...named])].sort() : [],
    ambitos: practice.ambitos,
    beneficiarios: practice.beneficiarios,
    links: practice.links,
    content: practice.content,
  };
  return updatePractice(db, author, practice, input, { note: "Región confirmada al importar" });
}

/** Reads an uploaded file (size and type checked by content) and imports it. Throws PracticeDocumentError. */
export async function importPracticeDocument(
  db: Database,
  author: ChangeAuthor,
  owner: ImportOwner,
  bytes: Uint8Array,
  filename: string,
  options: { publish?: boolean; reader?: MaybeActor } = {},
): Promise<ImportResult> {
  const read = await readPracticeDocument(bytes, filename);
  return importPracticeText(db, author, owner, read.text, { sourceName: filename, publish: options.publish, extraWarnings: read.warnings, reader: options.reader });
}
