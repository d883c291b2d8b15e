/**
 * The good-practice template: the single source of truth for its sections.
 *
 * Forms (browser), the importer, DOCX export and search all read this list, so
 * adding or renaming a section happens here and nowhere else. Keep this module
 * free of server-only imports.
 *
 * Long ("rich") fields travel as markdown-ish plain text (see
 * `import/practice-text-html.ts` for the exact format and its HTML rendering):
 * blocks separated by a blank line, list items as "- item" or "1. item",
 * single line breaks kept, **bold** and *italic* as written.
 */

export type SectionKind = "text" | "rich" | "multi";

/** Keys of the taxonomies that back the multi-select sections (editable data, not enums). */
export type PracticeTaxonomyKey = "ambitos" | "beneficiarios";

export type PracticeSectionGroup = "identificacion" | "justificacion" | "descripcion" | "revision";

export interface PracticeSection {
  readonly key: string;
  /** Spanish label shown in forms, exports and search facets. */
  readonly label: string;
  readonly kind: SectionKind;
  readonly group: PracticeSectionGroup;
  /** Short guidance shown under the field in the editor. */
  readonly hint: string;
  readonly required: boolean;
  /** Taxonomy that feeds a `multi` section. */
  readonly taxonomy?: PracticeTaxonomyKey;
  /**
   * Heading wordings the importer recognises, besides the label itself. The
   * importer folds case and accents and drops a trailing "… (de esta) buena
   * práctica", so list only genuinely different wordings here.
   */
  readonly aliases: readonly string[];
}

export const PRACTICE_SECTIONS = [
  {
    key: "title",
    label: "Título",
    kind: "text",
    group: "identificacion",
    hint: "Un nombre breve que diga qué se hizo.",
    required: true,
    aliases: ["Título Buena Práctica", "Título de la buena práctica", "Nombre de la buena práctica"],
  },
  {
    key: "organization",
    label: "Organización que aplica la práctica",
    kind: "text",
    group: "identificacion",
    hint: "OMIL, red territorial o Dirección Regional que la lleva a cabo.",
    required: true,
    aliases: [
      "Organización que aplica esta Buena Práctica",
      "Organización",
      "Organización responsable",
      "Institución que aplica la práctica",
      "Institución",
    ],
  },
  {
    key: "ambitos",
    label: "Ámbitos impactados",
    kind: "multi",
    group: "identificacion",
    hint: "Áreas del trabajo de la OMIL que mejoran con esta práctica.",
    required: false,
    taxonomy: "ambitos",
    aliases: ["Ámbitos Impactados por la Buena Práctica", "Ámbitos", "Ámbitos de impacto", "Áreas impactadas"],
  },
  {
    key: "beneficiarios",
    label: "Beneficiarios",
    kind: "multi",
    group: "identificacion",
    hint: "Quiénes se benefician directamente.",
    required: false,
    taxonomy: "beneficiarios",
    aliases: ["Beneficiarios de esta Buena Práctica", "Público beneficiario", "Destinatarios"],
  },
  {
    key: "effectiveness",
    label: "Efectividad",
    kind: "rich",
    group: "justificacion",
    hint: "Qué resultados muestran que la práctica funciona.",
    required: false,
    aliases: ["Efectividad de la Buena Práctica"],
  },
  {
    key: "replicability",
    label: "Replicabilidad",
    kind: "rich",
    group: "justificacion",
    hint: "En qué condiciones otra OMIL o red puede repetirla.",
    required: false,
    aliases: ["Replicabilidad de la Buena Práctica"],
  },
  {
    key: "origin",
    label: "¿Cómo surgió?",
    kind: "rich",
    group: "descripcion",
    hint: "El problema o la oportunidad que le dio origen.",
    required: false,
    aliases: ["Cómo surgió la práctica", "Origen", "Origen de la práctica"],
  },
  {
    key: "benefits",
    label: "Beneficios de su aplicación",
    kind: "rich",
    group: "descripcion",
    hint: "Qué ganan las personas, las empresas y las oficinas.",
    required: false,
    aliases: ["Beneficios", "Beneficios de la aplicación"],
  },
  {
    key: "impact",
    label: "Impacto",
    kind: "rich",
    group: "descripcion",
    hint: "Cambios observados en el territorio o en la red.",
    required: false,
    aliases: ["Impactos"],
  },
  {
    key: "implementation",
    label: "Detalle de cómo se implementó",
    kind: "rich",
    group: "descripcion",
    hint: "Los pasos, en orden, para que otra oficina pueda seguirlos.",
    required: false,
    aliases: ["Cómo se implementó", "Implementación", "Detalle de la implementación"],
  },
  {
    key: "difficulties",
    label: "Dificultades para implementarla",
    kind: "rich",
    group: "descripcion",
    hint: "Obstáculos que aparecieron y cómo se enfrentaron.",
    required: false,
    aliases: ["Dificultades", "Dificultades para su implementación", "Dificultades de implementación"],
  },
  {
    key: "peopleInvolved",
    label: "Personas que debieran estar involucradas",
    kind: "rich",
    group: "descripcion",
    hint: "Equipos, cargos e instituciones que deben participar.",
    required: false,
    aliases: [
      "Personas que debieran estar involucradas en la implementación",
      "Personas que deberían estar involucradas en la implementación",
      "Personas que deberían estar involucradas",
      "Personas involucradas",
      "Actores involucrados",
    ],
  },
  {
    key: "needs",
    label: "Necesidades para su implementación",
    kind: "rich",
    group: "descripcion",
    hint: "Recursos, acuerdos y tiempo que hacen falta.",
    required: false,
    aliases: ["Necesidades", "Necesidades para la implementación", "Recursos necesarios"],
  },
  {
    key: "improvements",
    label: "Propuestas de mejora",
    kind: "rich",
    group: "descripcion",
    hint: "Qué cambiarían en la próxima versión.",
    required: false,
    aliases: ["Propuestas de mejoras", "Mejoras propuestas"],
  },
  {
    key: "unclassified",
    label: "Sin clasificar",
    kind: "rich",
    group: "revision",
    hint: "Texto importado que no se pudo ubicar en una sección. Muévelo a donde corresponda antes de publicar.",
    required: false,
    aliases: ["Texto sin clasificar"],
  },
] as const satisfies readonly PracticeSection[];

export type PracticeSectionKey = (typeof PRACTICE_SECTIONS)[number]["key"];

type SectionOfKind<K extends SectionKind> = Extract<(typeof PRACTICE_SECTIONS)[number], { kind: K }>;
export type TextSectionKey = SectionOfKind<"text">["key"];
export type RichSectionKey = SectionOfKind<"rich">["key"];
export type MultiSectionKey = SectionOfKind<"multi">["key"];

/** Headings of the template that group sections but hold no text of their own. */
export const PRACTICE_SECTION_GROUPS: Readonly<Record<PracticeSectionGroup, { label: string; aliases: readonly string[] }>> = {
  identificacion: { label: "Identificación", aliases: ["Documentación Buenas Prácticas", "Ficha de buena práctica"] },
  justificacion: {
    label: "Justificación de la calificación como buena práctica",
    aliases: ["Justificación"],
  },
  descripcion: { label: "Descripción de la buena práctica", aliases: ["Descripción"] },
  revision: { label: "Revisión", aliases: [] },
};

/**
 * The content of one practice as parsed from a document or edited in the form.
 * `text` fields are one line; `rich` fields are markdown-ish text; `multi`
 * fields hold labels as written (the taxonomy match happens separately, so a
 * label that does not match yet is kept instead of lost).
 */
export type PracticeFields = { [K in TextSectionKey]: string } & { [K in RichSectionKey]: string } & {
  [K in MultiSectionKey]: string[];
};

export interface PracticeLink {
  url: string;
  label?: string;
}

/** Optional front-matter of a practice file (used by the demo content). */
export interface PracticeMetadata {
  /** Stable identifier for upserts when loading content files. */
  slug?: string;
  /** Two-digit region code, as text ("16"). */
  region?: string;
  year?: number;
  /** Five-digit CUT codes, as text ("16301"). */
  comunas: string[];
  links: PracticeLink[];
}

/** Result of importing a document: every field, plus metadata and Spanish warnings. */
export interface ParsedPractice extends PracticeFields {
  /** `null` when the text had no front-matter block. */
  metadata: PracticeMetadata | null;
  warnings: string[];
}

export function emptyPracticeFields(): PracticeFields {
  const fields = {} as Record<string, string | string[]>;
  for (const section of PRACTICE_SECTIONS) fields[section.key] = section.kind === "multi" ? [] : "";
  return fields as PracticeFields;
}

const SECTIONS_BY_KEY = new Map<string, PracticeSection>(PRACTICE_SECTIONS.map((s) => [s.key, s]));

export function getPracticeSection(key: PracticeSectionKey): PracticeSection {
  const section = SECTIONS_BY_KEY.get(key);
  if (!section) throw new Error(`Unknown practice section: ${key}`);
  return section;
}

/** The sections an author fills in (everything except the importer's "Sin clasificar"). */
export const AUTHORED_SECTIONS: readonly PracticeSection[] = PRACTICE_SECTIONS.filter(
  (s) => s.key !== "unclassified",
);
