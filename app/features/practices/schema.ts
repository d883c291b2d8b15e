import { z } from "zod";
import { PRACTICE_SECTIONS, type RichSectionKey } from "./template.ts";

/** Longest text accepted in one rich section (plain-text characters). */
export const MAX_SECTION_CHARS = 20_000;
export const MAX_TITLE_CHARS = 200;

export const RICH_SECTION_KEYS = PRACTICE_SECTIONS.filter((s) => s.kind === "rich").map((s) => s.key) as RichSectionKey[];

const optionalText = (max: number, message: string) => z.string().trim().max(max, message).optional().default("");
const list = z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().trim()).max(50));

const richFields = Object.fromEntries(
  RICH_SECTION_KEYS.map((key) => [key, z.string().max(MAX_SECTION_CHARS * 4, "El texto es demasiado largo.").optional().default("")]),
) as Record<RichSectionKey, z.ZodDefault<z.ZodOptional<z.ZodString>>>;

/**
 * The editing form. Rich sections arrive as markdown-ish text from the plain
 * textareas, or as HTML from the editor: `htmlFields` lists the ones in HTML.
 * Links are one per line: "https://… Descripción opcional".
 */
export const PracticeEditSchema = z.object({
  intent: z.enum(["save", "autosave"]).default("save"),
  title: z
    .string({ required_error: "Escribe el título de la práctica." })
    .trim()
    .min(3, "El título debe tener al menos 3 caracteres.")
    .max(MAX_TITLE_CHARS, `Máximo ${MAX_TITLE_CHARS} caracteres.`),
  organizationName: optionalText(200, "Máximo 200 caracteres."),
  regionCode: z
    .string()
    .regex(/^\d{2}$/, "Elige la región.")
    .optional(),
  year: z.coerce
    .number({ invalid_type_error: "Escribe un año." })
    .int("Escribe un año.")
    .min(1990, "Año no válido.")
    .max(2100, "Año no válido.")
    .optional(),
  comunaCodes: list,
  ambitos: list,
  beneficiarios: list,
  links: optionalText(4000, "Demasiados enlaces."),
  htmlFields: list,
  ...richFields,
});
export type PracticeEditForm = z.infer<typeof PracticeEditSchema>;

export const PracticeCommentSchema = z.object({
  intent: z.literal("comment"),
  body: z.string({ required_error: "Escribe el comentario." }).trim().min(1, "Escribe el comentario.").max(4000, "Máximo 4000 caracteres."),
});

export const PracticeTransitionSchema = z.object({
  intent: z.enum(["submit", "publish", "return", "archive"]),
  body: optionalText(4000, "Máximo 4000 caracteres."),
});

export const NewPracticeSchema = z.object({
  title: z
    .string({ required_error: "Escribe el título de la práctica." })
    .trim()
    .min(3, "El título debe tener al menos 3 caracteres.")
    .max(MAX_TITLE_CHARS, `Máximo ${MAX_TITLE_CHARS} caracteres.`),
});

/** Search parameters as they come in the URL: anything unexpected is dropped, never an error. */
export interface PracticeSearchParams {
  q: string;
  /** The query was longer than MAX_QUERY_CHARS and was cut (the page and the API say so). */
  shortened?: boolean;
  ambito: string[];
  beneficiario: string[];
  region: string[];
  tipo: string[];
  anio: number[];
  orden: "relevancia" | "fecha";
  page: number;
}

export const MAX_QUERY_CHARS = 200;

export function parseSearchParams(params: URLSearchParams): PracticeSearchParams {
  const many = (key: string) => params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean).slice(0, 20);
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const full = (params.get("q") ?? "").replace(/\s+/g, " ").trim();
  // Long pastes are cut, not refused (the first words carry the meaning), at a word boundary, and the person is told.
  const cut = full.length > MAX_QUERY_CHARS ? full.slice(0, MAX_QUERY_CHARS + 1).replace(/\s*\S*$/, "") || full.slice(0, MAX_QUERY_CHARS) : full;
  return {
    q: cut,
    ...(cut.length < full.length ? { shortened: true } : {}),
    ambito: many("ambito"),
    beneficiario: many("beneficiario"),
    region: many("region").filter((r) => /^\d{2}$/.test(r)),
    tipo: many("tipo"),
    anio: many("anio").map(Number).filter((n) => Number.isInteger(n) && n >= 1990 && n <= 2100),
    orden: params.get("orden") === "fecha" ? "fecha" : "relevancia",
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

export const ORGANIZATION_TYPE_LABELS = {
  omil: "OMIL",
  red_territorial: "Red territorial",
  direccion_regional: "Dirección Regional",
  nivel_central: "Nivel Central",
  otra: "Otra",
} as const;

export const TaxonomyChangeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rename"),
    taxonomy: z.enum(["ambitos", "beneficiarios"]),
    slug: z.string().min(1).max(80),
    label: z.string({ required_error: "Escribe el nombre." }).trim().min(3, "Mínimo 3 caracteres.").max(120, "Máximo 120 caracteres."),
  }),
  z.object({ intent: z.enum(["retire", "restore"]), taxonomy: z.enum(["ambitos", "beneficiarios"]), slug: z.string().min(1).max(80) }),
  z.object({
    intent: z.literal("add"),
    taxonomy: z.enum(["ambitos", "beneficiarios"]),
    label: z.string({ required_error: "Escribe el nombre." }).trim().min(3, "Mínimo 3 caracteres.").max(120, "Máximo 120 caracteres."),
  }),
]);
