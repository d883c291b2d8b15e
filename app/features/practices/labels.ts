/**
 * Spanish labels of the practices library for pages. Apart from schema.ts on purpose: public pages
 * that show a label would otherwise carry zod (60 KB) in their JavaScript (docs/decisions/0125).
 */
export const PRACTICE_STATUS_LABELS = {
  draft: "Borrador",
  in_review: "En revisión",
  published: "Publicada",
  archived: "Archivada",
} as const;
