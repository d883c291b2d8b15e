import type { ActivityModality, ActivityStatus, AgreementStatus, AttendanceStatus } from "~/db/enums";

/** Spanish labels shared by pages, emails and calendar feeds. */

export const MODALITY_LABELS: Record<ActivityModality, string> = { presencial: "Presencial", remota: "Remota", hibrida: "Híbrida" };

export const STATUS_LABELS: Record<ActivityStatus, string> = {
  borrador: "Borrador",
  programada: "Programada",
  realizada: "Realizada",
  cancelada: "Cancelada",
  reprogramada: "Reprogramada",
};

export const STATUS_TONES = { borrador: "neutral", programada: "info", realizada: "ok", cancelada: "neutral", reprogramada: "warning" } as const satisfies Record<ActivityStatus, string>;

/** The status flow: borrador → programada → realizada / cancelada / reprogramada (→ programada again). */
export const STATUS_TRANSITIONS: Record<ActivityStatus, ActivityStatus[]> = {
  borrador: ["programada", "cancelada"],
  programada: ["realizada", "cancelada", "reprogramada"],
  reprogramada: ["programada", "realizada", "cancelada"],
  realizada: [],
  cancelada: [],
};

/** Changing to these needs a reason (kept with the activity). */
export const STATUSES_NEEDING_REASON: ActivityStatus[] = ["cancelada", "reprogramada"];

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { presente: "Presente", ausente: "Ausente", remota: "Remota" };

export type AgreementDisplayStatus = AgreementStatus | "vencido";
export const AGREEMENT_STATUS_LABELS: Record<AgreementDisplayStatus, string> = {
  pendiente: "Pendiente",
  en_curso: "En curso",
  cumplido: "Cumplido",
  vencido: "Vencido",
};

/** Badge tone per agreement state: "Vencido" gets the distinct overdue badge. */
export const AGREEMENT_STATUS_TONES = { pendiente: "neutral", en_curso: "info", cumplido: "ok", vencido: "overdue" } as const satisfies Record<AgreementDisplayStatus, string>;

/** "Vencido" is derived: open and past its due date (in Chile). */
export function agreementDisplayStatus(a: { status: AgreementStatus; dueOn: string }, today: string): AgreementDisplayStatus {
  if (a.status !== "cumplido" && a.dueOn < today) return "vencido";
  return a.status;
}

/** Activity types whose page is a meeting (agenda, attendance, minutes, agreements). */
export const MEETING_TYPES = ["reunion-red", "reunion-alcalde", "mesa-intersectorial"] as const;
export const isMeetingType = (slug: string) => (MEETING_TYPES as readonly string[]).includes(slug);
export const FAIR_TYPE = "feria-laboral";
export const MAYOR_BRIEFING_TYPE = "reunion-alcalde";
export const NETWORK_MEETING_TYPE = "reunion-red";

/** The 30-minute structure of a mayor briefing (domain document), proposed as its agenda. */
export const MAYOR_BRIEFING_AGENDA = [
  { title: "Objetivo de la reunión", presenter: "OMIL coordinadora", minutes: 5 },
  { title: "Presentación breve de la red y sus resultados", presenter: "OMIL", minutes: 10 },
  { title: "Comentarios del alcalde o alcaldesa", presenter: "Alcalde/sa", minutes: 10 },
  { title: "Presentación del equipo OMIL", presenter: "Equipo OMIL", minutes: 5 },
];
export const MAYOR_BRIEFING_MAX_MINUTES = 30;
