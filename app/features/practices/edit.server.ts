/** Turns a validated editing form into the stored practice input (domain checks throw FieldError). */
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, regions } from "~/db/schema";
import { FieldError } from "~/utils/errors";
import { buildRichContent, inferOrganizationType, parseLinks, visibleLength } from "./content.server.ts";
import type { PracticeInput, PracticeRow } from "./practices.server.ts";
import { MAX_SECTION_CHARS, RICH_SECTION_KEYS, type PracticeEditForm } from "./schema.ts";
import { getPracticeSection } from "./template.ts";
import { knownSlugs, loadPracticeTaxonomies } from "./taxonomies.server.ts";

export async function practiceInputFromForm(db: DbOrTx, form: PracticeEditForm, current: PracticeRow, ownerKind: string | null): Promise<PracticeInput> {
  const taxonomies = await loadPracticeTaxonomies(db, { includeRetired: true });
  if (form.regionCode && (await db.select().from(regions).where(inArray(regions.code, [form.regionCode]))).length === 0) {
    throw new FieldError("regionCode", "La región no existe.");
  }
  const validComunas = form.comunaCodes.length
    ? (await db.select({ code: comunas.code }).from(comunas).where(inArray(comunas.code, form.comunaCodes.slice(0, 50)))).map((c) => c.code)
    : [];
  const { links, invalid } = parseLinks(form.links);
  if (invalid.length) throw new FieldError("links", `Estos enlaces no son direcciones web válidas (deben empezar con https://): ${invalid.join(", ")}`);
  const content = buildRichContent(
    Object.fromEntries(RICH_SECTION_KEYS.map((k) => [k, form[k]])),
    form.htmlFields,
  );
  for (const key of RICH_SECTION_KEYS) {
    const length = visibleLength(content[key].text);
    if (length > MAX_SECTION_CHARS) {
      throw new FieldError(key, `«${getPracticeSection(key).label}» tiene ${length.toLocaleString("es-CL")} caracteres; el máximo es ${MAX_SECTION_CHARS.toLocaleString("es-CL")}.`);
    }
  }
  const inferred = inferOrganizationType(form.organizationName, ownerKind);
  return {
    title: form.title,
    organizationName: form.organizationName,
    organizationType: inferred === "otra" ? current.organizationType : inferred,
    regionCode: form.regionCode ?? null,
    year: form.year ?? null,
    comunaCodes: form.comunaCodes.filter((c) => validComunas.includes(c)),
    ambitos: knownSlugs(taxonomies.ambitos, form.ambitos),
    beneficiarios: knownSlugs(taxonomies.beneficiarios, form.beneficiarios),
    links,
    content,
  };
}
