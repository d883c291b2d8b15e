import { z } from "zod";

export const NetworkFormSchema = z.object({
  name: z
    .string({ required_error: "Escribe el nombre de la red." })
    .trim()
    .min(3, "El nombre debe tener al menos 3 caracteres.")
    .max(120, "Máximo 120 caracteres."),
  regionCode: z.string({ required_error: "Elige la región." }).regex(/^\d{2}$/, "Elige la región."),
  description: z.string().trim().max(2000, "Máximo 2000 caracteres.").optional().default(""),
  reminderDays: z.coerce
    .number({ invalid_type_error: "Escribe un número de días." })
    .int("Escribe un número entero.")
    .min(0, "No puede ser negativo.")
    .max(60, "Máximo 60 días.")
    .default(3),
});
export type NetworkForm = z.infer<typeof NetworkFormSchema>;

const isoDay = z.string({ required_error: "Indica la fecha." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Fecha no válida (AAAA-MM-DD).");

export const AddMemberSchema = z.object({
  intent: z.literal("add-member"),
  organizationId: z.string({ required_error: "Elige la OMIL." }).uuid("Elige la OMIL."),
  joinedOn: isoDay,
});

export const RemoveMemberSchema = z.object({
  intent: z.literal("remove-member"),
  organizationId: z.string().uuid(),
  leftOn: isoDay,
});

export const RotateCoordinatorSchema = z.object({
  intent: z.literal("rotate-coordinator"),
  organizationId: z.string({ required_error: "Elige la OMIL que coordinará." }).uuid("Elige la OMIL que coordinará."),
  year: z.coerce.number({ invalid_type_error: "Indica el año." }).int().min(2000, "Año no válido.").max(2100, "Año no válido."),
  startedOn: isoDay,
  note: z.string().trim().max(2000, "Máximo 2000 caracteres.").optional().default(""),
});

/** The outgoing coordinator's handover choice: the ticked agreements move to the incoming coordinator. */
export const HandoverChoiceSchema = z.object({
  intent: z.literal("handover-choice"),
  listed: z.array(z.string().uuid()).optional().default([]),
  move: z.array(z.string().uuid("Acuerdo no válido.")).optional().default([]),
});

export const CancelRotationSchema = z.object({ intent: z.literal("cancel-rotation") });
