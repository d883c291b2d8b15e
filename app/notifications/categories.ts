/*
 * Notification categories a person chooses a delivery for (docs/decisions/0146),
 * shared by the preferences form (client) and the server. Kinds are the
 * `notifications.kind` values the features write; a kind not listed here is
 * network news, so a new feature's notices reach people without a change here.
 */
export const NOTIFICATION_CATEGORIES = ["menciones", "recordatorios", "validaciones", "novedades"] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<NotificationCategory, { label: string; hint: string }> = {
  menciones: { label: "Menciones", hint: "Cuando alguien lo menciona en un comentario de una propuesta." },
  recordatorios: { label: "Recordatorios", hint: "Actividades próximas y acuerdos por vencer o vencidos." },
  validaciones: { label: "Validaciones", hint: "Cuando se valida o rechaza un avance de metas de tu OMIL." },
  novedades: { label: "Novedades de la red", hint: "Cambios de coordinación y otros avisos de tus redes." },
};

/** How the email side of a category is delivered; the in-app notification always exists. */
export const DELIVERIES = ["inmediato", "diario", "semanal", "ninguno"] as const;
export type Delivery = (typeof DELIVERIES)[number];
export type DigestFrequency = Extract<Delivery, "diario" | "semanal">;

export const DELIVERY_LABELS: Record<Delivery, string> = {
  inmediato: "Correo inmediato",
  diario: "Resumen diario",
  semanal: "Resumen semanal (lunes)",
  ninguno: "Sin correo",
};

/** Without a saved choice every category is emailed at once (the behaviour before preferences existed). */
export const DEFAULT_DELIVERY: Delivery = "inmediato";

const KIND_CATEGORY: Record<string, NotificationCategory> = {
  proposal_mention: "menciones",
  activity_reminder: "recordatorios",
  agreement_due_soon: "recordatorios",
  agreement_overdue: "recordatorios",
  goal_entry_validated: "validaciones",
  goal_entry_rejected: "validaciones",
};

export function categoryOf(kind: string): NotificationCategory {
  return KIND_CATEGORY[kind] ?? "novedades";
}

/** Every kind known to belong to a category (for queries); unlisted kinds are "novedades". */
export function kindsOf(category: NotificationCategory): string[] {
  return Object.entries(KIND_CATEGORY)
    .filter(([, c]) => c === category)
    .map(([k]) => k);
}
