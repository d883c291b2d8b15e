import { z } from "zod";
import { isAuditAction } from "./actions.ts";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Usa una fecha válida (día, mes y año).")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Usa una fecha válida (día, mes y año).");

/** The filters of /auditoria and /auditoria.csv, read from the URL (the page's no-JS GET form). */
export const AuditFilterSchema = z
  .object({
    red: z.string().uuid("Elige una red de la lista.").optional(),
    persona: z.string().min(1).max(100).optional(),
    accion: z
      .string()
      .refine((v) => isAuditAction(v), "Elige una acción de la lista.")
      .optional(),
    desde: day.optional(),
    hasta: day.optional(),
    pagina: z.coerce.number().int("La página debe ser un número entero.").min(1, "La página debe ser 1 o más.").max(100000).optional(),
  })
  .refine((f) => !f.desde || !f.hasta || f.desde <= f.hasta, { message: "La fecha «hasta» no puede ser anterior a «desde».", path: ["hasta"] });

export type AuditFilterForm = z.infer<typeof AuditFilterSchema>;
export const AUDIT_FILTER_KEYS = ["red", "persona", "accion", "desde", "hasta"] as const;
