import { forbidden } from "~/auth/session.server";
import type { Database } from "~/db/client.server";
import { listUsersFor } from "~/features/accounts/users.server";
import { listNetworksFor } from "~/features/networks/networks.server";
import type { Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { auditActionLabel, AUDIT_RESOURCE_LABELS, type AuditResourceType } from "./actions.ts";
import type { AuditEventRow } from "./log.server.ts";

/** Guard of /auditoria and /auditoria.csv: Nivel Central, or a Dirección Regional for its region; 403 for anyone else. */
export function requireAuditAccess(actor: Actor, action: "read" | "export"): void {
  if (!can(actor, action, { type: "audit_log", regionCode: actor.role === "nc_admin" ? null : actor.regionCode })) throw forbidden();
}

/** The choices of the filter form, limited to what the person may see. */
export async function auditFilterOptions(db: Database, actor: Actor) {
  const [networks, people] = await Promise.all([listNetworksFor(db, actor), listUsersFor(db, actor)]);
  return {
    networks: networks.map((n) => ({ value: n.id, label: n.name })),
    people: people.map((p) => ({ value: p.id, label: `${p.name} (${p.organizationName})` })),
  };
}

export interface AuditEventView {
  id: string;
  when: string;
  whenIso: string;
  who: string;
  action: string;
  actionLabel: string;
  resource: string;
  network: string;
  details: string;
  ipAddress: string;
}

/** One event as a line of the log (page and CSV): Chilean time, Spanish labels. */
export function auditEventView(e: AuditEventRow, networkNames: Map<string, string>, personNames: Map<string, string>): AuditEventView {
  const resourceKind = AUDIT_RESOURCE_LABELS[e.resourceType as AuditResourceType] ?? e.resourceType;
  const subject = e.subjectUserId ? (personNames.get(e.subjectUserId) ?? null) : null;
  const resourceName = e.resourceLabel ?? subject ?? e.resourceId ?? "";
  return {
    id: e.id,
    when: formatDateTime(e.occurredAt, "dd-MM-yyyy HH:mm:ss"),
    whenIso: new Date(e.occurredAt).toISOString(),
    who: e.actorName ?? (e.actorUserId ? (personNames.get(e.actorUserId) ?? e.actorUserId) : "Sistema"),
    action: e.action,
    actionLabel: auditActionLabel(e.action),
    resource: resourceName ? `${resourceKind}: ${resourceName}` : resourceKind,
    network: e.networkId ? (networkNames.get(e.networkId) ?? "") : "",
    details: Object.entries(e.details ?? {})
      .filter(([, value]) => value !== null && value !== "")
      .map(([key, value]) => `${key}: ${value === true ? "sí" : value === false ? "no" : value}`)
      .join("; "),
    ipAddress: e.ipAddress ?? "",
  };
}
