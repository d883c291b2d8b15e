import { isNationalAdmin, isRegionalStaff, type MaybeActor } from "../actor.ts";

/**
 * The audit log of a scope: one region (`regionCode`), or every region (null,
 * the whole country). Reading and exporting go together.
 */
export type AuditLogResource = { type: "audit_log"; regionCode: string | null };

export function auditLogRule(actor: MaybeActor, action: string, r: AuditLogResource): boolean {
  if (!actor) return false;
  if (action !== "read" && action !== "export") return false;
  // Nivel Central sees everything; a Dirección Regional its own region only; OMIL people nothing.
  return isNationalAdmin(actor) || isRegionalStaff(actor, r.regionCode);
}

export const auditRules = { audit_log: auditLogRule };
