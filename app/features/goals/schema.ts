import { z } from "zod";

/** Amounts as people type them in Chile: digits, optionally a decimal comma (or point) with up to two decimals. */
const AMOUNT_PATTERN = /^\d{1,12}([.,]\d{1,2})?$/;

function amount(label: string, { positive = false } = {}) {
  return z
    .string({ required_error: `Indica ${label}.` })
    .trim()
    .refine((s) => !s.startsWith("-"), "No puede ser negativo.")
    .refine((s) => s.startsWith("-") || AMOUNT_PATTERN.test(s), "Escribe un número, sin separador de miles (ej.: 1200 o 12,5).")
    .transform((s) => Number(s.replace(",", ".")))
    .refine((n) => !positive || n > 0, "Debe ser mayor que cero.");
}
/** Conform turns empty inputs into undefined, so an optional amount is simply optional. */
const optionalAmount = (label: string) => amount(label).optional();

const isoDay = (label: string) => z.string({ required_error: `Indica ${label}.` }).regex(/^\d{4}-\d{2}-\d{2}$/, "Fecha no válida (AAAA-MM-DD).");

export const SPLIT_MODES = ["none", "equal", "weighted", "manual"] as const;
export const SPLIT_MODE_LABELS: Record<(typeof SPLIT_MODES)[number], string> = {
  none: "Sin reparto: la meta es de toda la red",
  equal: "En partes iguales entre las OMIL",
  weighted: "Según la categoría de cada OMIL (pesos)",
  manual: "Indicar la parte de cada OMIL",
};
export const CUSTOM_INDICATOR = "otro";

export const GoalFormSchema = z
  .object({
    title: z.string({ required_error: "Escribe el nombre de la meta." }).trim().min(3, "Al menos 3 caracteres.").max(160, "Máximo 160 caracteres."),
    indicatorSlug: z.string({ required_error: "Elige el indicador." }).trim().min(1, "Elige el indicador."),
    customIndicatorLabel: z.string().trim().max(80, "Máximo 80 caracteres.").optional(),
    unit: z.string().trim().max(40, "Máximo 40 caracteres.").optional(),
    target: amount("la meta", { positive: true }),
    baseline: optionalAmount("la línea base"),
    year: z.coerce.number({ invalid_type_error: "Indica el año." }).int().min(2000, "Año no válido.").max(2100, "Año no válido."),
    periodStart: isoDay("el inicio del período"),
    periodEnd: isoDay("el término del período"),
    splitMode: z.enum(SPLIT_MODES, { errorMap: () => ({ message: "Elige cómo se reparte la meta." }) }).default("none"),
    weightBasica: optionalAmount("el peso"),
    weightIntermedia: optionalAmount("el peso"),
    weightAvanzada: optionalAmount("el peso"),
    /** Manual split: `share.<organizationId>` fields are read by the server from the form data. */
    plan: z.array(optionalAmount("el valor del mes")).max(12).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.indicatorSlug === CUSTOM_INDICATOR && !v.customIndicatorLabel) {
      ctx.addIssue({ code: "custom", path: ["customIndicatorLabel"], message: "Escribe el nombre del indicador personalizado." });
    }
    if (v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "El término debe ser posterior al inicio." });
    if (v.periodStart.slice(0, 4) !== String(v.year) || v.periodEnd.slice(0, 4) !== String(v.year)) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: `El período debe estar dentro del año ${v.year}.` });
    }
  });
export type GoalForm = z.infer<typeof GoalFormSchema>;

/** What the file picker offers; the server decides by the file's bytes anyway. */
export const EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.gif,.docx,.xlsx,.pptx,.odt,.ods,.csv,.txt";

const entryFields = {
  value: amount("el valor", { positive: true }),
  occurredOn: isoDay("la fecha"),
  note: z.string().trim().max(2000, "Máximo 2000 caracteres.").optional().default(""),
  link: z
    .string()
    .trim()
    .url("Escribe un enlace completo (https://…).")
    .refine((s) => /^https?:\/\//i.test(s), "El enlace debe comenzar con http:// o https://.")
    .optional(),
};
export const EntryFormSchema = z.object({ intent: z.literal("add-entry"), ...entryFields });
export type EntryForm = z.infer<typeof EntryFormSchema>;
/** An office corrects its own pending entry (value, date, note, link; the file stays). */
export const EditEntrySchema = z.object({ intent: z.literal("edit-entry"), entryId: z.string().uuid("Entrada no válida."), ...entryFields });

export const ReviewEntrySchema = z.object({
  intent: z.enum(["validate-entry", "reject-entry"]),
  entryId: z.string().uuid("Entrada no válida."),
  reviewNote: z.string().trim().max(1000, "Máximo 1000 caracteres.").optional().default(""),
});

export const DeleteEntrySchema = z.object({
  intent: z.literal("delete-entry"),
  entryId: z.string().uuid("Entrada no válida."),
});

export const DeleteGoalSchema = z.object({ intent: z.literal("delete-goal") });

/** An office swaps the evidence file of its own pending entry; the file itself is read from the multipart body. */
export const ReplaceEvidenceSchema = z.object({
  intent: z.literal("replace-evidence"),
  entryId: z.string().uuid("Entrada no válida."),
});
