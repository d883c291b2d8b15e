/*
 * Value lists stored in the database, kept free of drizzle imports so browser
 * code (forms, labels) can use them without shipping the ORM to the client.
 * The schema files re-export them.
 */
export const ORGANIZATION_KINDS = ["omil", "direccion_regional", "nivel_central"] as const;
export const OMIL_CATEGORIES = ["basica", "intermedia", "avanzada"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export type OmilCategory = (typeof OMIL_CATEGORIES)[number];

export const ACTIVITY_MODALITIES = ["presencial", "remota", "hibrida"] as const;
export const ACTIVITY_STATUSES = ["borrador", "programada", "realizada", "cancelada", "reprogramada"] as const;
export const ATTENDANCE_STATUSES = ["presente", "ausente", "remota"] as const;
/** Stored statuses; "vencido" is derived (open and past its due date) so it never goes stale. */
export const AGREEMENT_STATUSES = ["pendiente", "en_curso", "cumplido"] as const;
export type ActivityModality = (typeof ACTIVITY_MODALITIES)[number];
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Whom an agreement belongs to: the network's coordination (moves at a rotation) or an office's own work (stays). */
export const AGREEMENT_OWNER_ROLES = ["coordinacion", "oficina"] as const;
export type AgreementOwnerRole = (typeof AGREEMENT_OWNER_ROLES)[number];
