import { toCsv } from "~/features/goals/csv";
import type { AuditEventView } from "./page.server.ts";

/*
 * The same CSV dialect as the goals export (RFC 4180 quoting, ";" for Excel in
 * Chile, BOM, spreadsheet formula injection neutralised): one writer, in goals/csv.ts.
 */
export function auditCsv(events: AuditEventView[]): string {
  return toCsv(
    ["Fecha y hora (Chile)", "Persona", "Acción", "Código de acción", "Recurso", "Red", "Detalle", "Dirección IP"],
    events.map((e) => [e.when, e.who, e.actionLabel, e.action, e.resource, e.network, e.details, e.ipAddress]),
  );
}
