/*
 * Every audited action, `<resource>.<verb>`, with the Spanish label the log
 * shows. Client-safe (no server imports): the filter form lists them.
 */
export const AUDIT_ACTION_LABELS = {
  "network.created": "Red creada",
  "network.updated": "Red editada",
  "network.member_added": "OMIL incorporada a la red",
  "network.member_removed": "OMIL retirada de la red",
  "network.coordinator_rotated": "Coordinación traspasada",
  "network.coordinator_rotation_scheduled": "Traspaso de coordinación programado",
  "network.coordinator_rotation_cancelled": "Traspaso de coordinación cancelado",
  "activity.created": "Actividad creada",
  "activity.updated": "Actividad editada",
  "activity.status_changed": "Estado de actividad cambiado",
  "activity.deleted": "Actividad eliminada",
  "activity.results_saved": "Resultados de actividad registrados",
  "agreement.created": "Acuerdo tomado",
  "agreement.closed": "Acuerdo cerrado",
  "meeting.minutes_closed": "Minuta cerrada",
  "meeting.minutes_reopened": "Minuta reabierta",
  "meeting.minutes_exported": "Minuta exportada",
  "proposal.created": "Propuesta creada",
  "proposal.updated": "Datos de propuesta editados",
  "proposal.status_changed": "Estado de propuesta cambiado",
  "proposal.submitted": "Propuesta enviada",
  "proposal.outcome_recorded": "Resultado de propuesta registrado",
  "proposal.version_saved": "Versión de propuesta guardada",
  "proposal.version_restored": "Versión de propuesta restaurada",
  "proposal.exported": "Propuesta exportada",
  "proposal.attachment_added": "Adjunto de propuesta agregado",
  "proposal.attachment_removed": "Adjunto de propuesta eliminado",
  "practice.created": "Buena práctica creada",
  "practice.updated": "Buena práctica editada",
  "practice.status_changed": "Estado de buena práctica cambiado",
  "practice.imported": "Buena práctica importada",
  "practice.exported": "Buena práctica exportada",
  "goal.created": "Meta creada",
  "goal.updated": "Meta editada",
  "goal.deleted": "Meta eliminada",
  "goal_entry.created": "Avance de meta registrado",
  "goal_entry.validated": "Avance de meta validado",
  "goal_entry.rejected": "Avance de meta rechazado",
  "goal_entry.evidence_replaced": "Respaldo de avance reemplazado",
  "goal_entry.deleted": "Avance de meta eliminado",
  "goals.exported": "Metas exportadas",
  "account.signed_in": "Ingreso al portal",
  "account.sign_in_failed": "Ingreso fallido",
  "account.invited": "Persona invitada",
  "account.invitation_accepted": "Invitación aceptada",
  "account.deactivated": "Cuenta desactivada",
  "account.reactivated": "Cuenta reactivada",
  "account.password_reset": "Contraseña restablecida",
  "audit.exported": "Registro de auditoría exportado",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, value);
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action;
}

export const AUDIT_RESOURCE_LABELS = {
  network: "Red",
  activity: "Actividad",
  agreement: "Acuerdo",
  proposal: "Propuesta",
  practice: "Buena práctica",
  goal: "Meta",
  goal_entry: "Avance de meta",
  account: "Cuenta",
  audit_log: "Registro de auditoría",
} as const;
export type AuditResourceType = keyof typeof AUDIT_RESOURCE_LABELS;
