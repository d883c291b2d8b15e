import { z } from "zod";

/*
 * The results form of each activity type. Count fields with an `indicator`
 * feed network goals (activity_result_values); `perOffice` counts are typed
 * once per host office so each office is credited with its own share and the
 * network total is their sum (no double counting).
 */

export type ResultField =
  | { key: string; label: string; kind: "count"; indicator?: string; perOffice?: boolean }
  | { key: string; label: string; kind: "text" }
  | { key: string; label: string; kind: "check" };

export interface ResultForm {
  fields: ResultField[];
  /** A done activity of this type counts once for this indicator, credited to the whole network. */
  countsAs?: string;
}

export const RESULT_FORMS: Record<string, ResultForm> = {
  "feria-laboral": {
    countsAs: "ferias-laborales",
    fields: [
      { key: "empresas", label: "Empresas participantes", kind: "count", indicator: "contactos-empresas", perOffice: true },
      { key: "vacantes", label: "Vacantes ofrecidas", kind: "count", perOffice: true },
      { key: "asistentes", label: "Personas asistentes", kind: "count", indicator: "personas-atendidas", perOffice: true },
      { key: "derivaciones", label: "Derivaciones a ofertas", kind: "count", indicator: "derivaciones-ofertas", perOffice: true },
      { key: "colocados", label: "Personas contratadas", kind: "count", indicator: "colocados", perOffice: true },
    ],
  },
  "encuentro-empresarial": {
    countsAs: "encuentros-empresariales",
    fields: [
      { key: "empresas", label: "Empresas participantes", kind: "count", indicator: "contactos-empresas", perOffice: true },
      { key: "vacantes", label: "Vacantes comprometidas", kind: "count", perOffice: true },
      { key: "resumen", label: "Resumen", kind: "text" },
    ],
  },
  "taller-apresto": {
    countsAs: "talleres-apresto",
    fields: [
      { key: "participantes", label: "Participantes", kind: "count", indicator: "personas-atendidas", perOffice: true },
      { key: "orientaciones", label: "Orientaciones laborales entregadas", kind: "count", indicator: "orientaciones-laborales", perOffice: true },
      { key: "grabacion", label: "Enlace a la grabación", kind: "text" },
    ],
  },
  "reunion-alcalde": {
    fields: [
      { key: "asistioAlcalde", label: "Asistió el alcalde o alcaldesa", kind: "check" },
      { key: "asistioAdministrador", label: "Asistió el administrador/a municipal", kind: "check" },
      { key: "asistioDideco", label: "Asistió DIDECO", kind: "check" },
      { key: "nuevaReunion", label: "Se solicitó una nueva reunión", kind: "check" },
      { key: "comentarios", label: "Comentarios del alcalde y retroalimentación del equipo", kind: "text" },
    ],
  },
  "mesa-intersectorial": {
    fields: [
      { key: "servicios", label: "Servicios públicos participantes", kind: "text" },
      { key: "derivaciones", label: "Derivaciones a ofertas", kind: "count", indicator: "derivaciones-ofertas", perOffice: true },
    ],
  },
  "visita-empresa": {
    fields: [
      { key: "empresas", label: "Empresas visitadas", kind: "count", indicator: "contactos-empresas", perOffice: true },
      { key: "vacantes", label: "Vacantes levantadas", kind: "count", perOffice: true },
    ],
  },
  capacitacion: {
    fields: [
      { key: "participantes", label: "Participantes", kind: "count", perOffice: true },
      { key: "tema", label: "Tema", kind: "text" },
    ],
  },
  "reunion-red": {
    fields: [{ key: "resumen", label: "Resumen de la reunión", kind: "text" }],
  },
  otra: {
    fields: [
      { key: "participantes", label: "Participantes", kind: "count", indicator: "personas-atendidas", perOffice: true },
      { key: "resumen", label: "Resumen", kind: "text" },
    ],
  },
};

export function resultFormFor(typeSlug: string): ResultForm {
  return RESULT_FORMS[typeSlug] ?? RESULT_FORMS.otra;
}

/** The input name of a count typed for one office. */
export const perOfficeName = (key: string, organizationId: string) => `${key}.${organizationId}`;

const count = z.coerce
  .number({ invalid_type_error: "Escribe un número." })
  .int("Escribe un número entero.")
  .min(0, "No puede ser negativo.")
  .max(1_000_000, "Número demasiado grande.")
  .optional()
  .default(0);

/** The zod schema of a type's results form for the given host offices. */
export function resultSchemaFor(typeSlug: string, hostIds: readonly string[]) {
  const shape: Record<string, z.ZodTypeAny> = { intent: z.literal("results") };
  for (const field of resultFormFor(typeSlug).fields) {
    if (field.kind === "count") {
      shape[field.key] = field.perOffice ? z.object(Object.fromEntries(hostIds.map((id) => [id, count]))).optional().default({}) : count;
    } else if (field.kind === "text") {
      shape[field.key] = z.string().trim().max(4000, "Máximo 4000 caracteres.").optional().default("");
    } else {
      shape[field.key] = z.boolean().optional().default(false);
    }
  }
  return z.object(shape);
}
