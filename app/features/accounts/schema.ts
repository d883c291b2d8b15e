import { z } from "zod";
import { ROLES } from "~/permissions/actor";

export const LoginSchema = z.object({
  email: z.string({ required_error: "Escribe tu correo." }).trim().toLowerCase().email("Correo no válido."),
  password: z.string({ required_error: "Escribe tu contraseña." }).min(1, "Escribe tu contraseña.").max(128),
  redirectTo: z.string().optional(),
});

export const InvitationFormSchema = z.object({
  name: z.string({ required_error: "Escribe el nombre." }).trim().min(3, "El nombre debe tener al menos 3 caracteres.").max(120, "Máximo 120 caracteres."),
  email: z.string({ required_error: "Escribe el correo." }).trim().toLowerCase().email("Correo no válido.").max(200),
  organizationId: z.string({ required_error: "Elige la organización." }).uuid("Elige la organización."),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Elige el rol." }) }),
});

const password = z
  .string({ required_error: "Escribe una contraseña." })
  .min(10, "La contraseña debe tener al menos 10 caracteres.")
  .max(128, "Máximo 128 caracteres.");

export const SetPasswordSchema = z
  .object({ password, confirm: z.string({ required_error: "Repite la contraseña." }) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "Las contraseñas no coinciden." });

export const RequestResetSchema = z.object({
  email: z.string({ required_error: "Escribe tu correo." }).trim().toLowerCase().email("Correo no válido."),
});
