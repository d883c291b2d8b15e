import type { DbOrTx } from "~/db/client.server";
import type { Actor } from "~/permissions/actor";
import { recordAudit } from "./record.server.ts";
import type { AuditFilterForm } from "./schema.ts";

/** Reading the log leaves a trace too: who exported what slice of it. */
export async function recordAuditExport(db: DbOrTx, actor: Actor, filters: AuditFilterForm, rows: number, truncated: boolean) {
  await recordAudit(db, {
    action: "audit.exported",
    resource: { type: "audit_log", id: null, label: "Registro de auditoría" },
    networkId: filters.red ?? null,
    regionCode: actor.role === "nc_admin" ? null : actor.regionCode,
    actor,
    details: {
      filas: rows,
      recortado: truncated,
      red: filters.red ?? null,
      persona: filters.persona ?? null,
      accion: filters.accion ?? null,
      desde: filters.desde ?? null,
      hasta: filters.hasta ?? null,
    },
  });
}
