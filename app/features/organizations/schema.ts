import { z } from "zod";
import { OMIL_CATEGORIES, ORGANIZATION_KINDS } from "~/db/enums";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Máximo ${max} caracteres.`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** One schema for the organization form, used by the browser and the action. */
export const OrganizationFormSchema = z
  .object({
    kind: z.enum(ORGANIZATION_KINDS, { errorMap: () => ({ message: "Elige el tipo de organización." }) }),
    name: z
      .string({ required_error: "Escribe el nombre." })
      .trim()
      .min(3, "El nombre debe tener al menos 3 caracteres.")
      .max(120, "Máximo 120 caracteres."),
    comunaCode: optionalText(5),
    regionCode: optionalText(2),
    category: z.enum(OMIL_CATEGORIES).optional(),
    email: z.string().trim().email("Correo no válido.").max(200).optional(),
    phone: optionalText(40),
    address: optionalText(200),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "omil") {
      if (!value.comunaCode || !/^\d{5}$/.test(value.comunaCode)) {
        ctx.addIssue({ code: "custom", path: ["comunaCode"], message: "Elige la comuna de la OMIL." });
      }
      if (!value.category) ctx.addIssue({ code: "custom", path: ["category"], message: "Elige la categoría de la OMIL." });
    }
    if (value.kind === "direccion_regional" && (!value.regionCode || !/^\d{2}$/.test(value.regionCode))) {
      ctx.addIssue({ code: "custom", path: ["regionCode"], message: "Elige la región de la Dirección Regional." });
    }
  });

export type OrganizationForm = z.infer<typeof OrganizationFormSchema>;
