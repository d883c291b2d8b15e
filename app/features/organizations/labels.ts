/** Spanish labels of organizations for pages. Apart from schema.ts so pages that only show them carry no zod (docs/decisions/0125). */
export const ORGANIZATION_KIND_LABELS = {
  omil: "OMIL",
  direccion_regional: "Dirección Regional SENCE",
  nivel_central: "SENCE Nivel Central",
} as const;

export const OMIL_CATEGORY_LABELS = { basica: "Básica", intermedia: "Intermedia", avanzada: "Avanzada" } as const;
