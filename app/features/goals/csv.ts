import type { FullEntry, GoalSummary } from "./board.server.ts";
import { PACE_STATUS_LABELS } from "./progress.ts";

/*
 * CSV for Excel as configured in Chile: ";" between fields, decimal comma,
 * UTF-8 with a BOM so accents survive double-clicking the file.
 */

const ENTRY_STATUS_LABELS = { pending: "Pendiente", validated: "Validado", rejected: "Rechazado" } as const;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value).replace(".", ",") : value;
  // Spreadsheet formula injection: a leading =, +, - or @ would be evaluated.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return "\uFEFF" + [header, ...rows].map((r) => r.map(csvCell).join(";")).join("\r\n") + "\r\n";
}

const day = (iso: string) => iso.split("-").reverse().join("-");

export function goalsCsv(networkName: string, board: GoalSummary[]): string {
  return toCsv(
    ["Red", "Año", "Meta", "Indicador", "Unidad", "Meta (valor)", "Línea base", "Inicio", "Término", "Validado", "Pendiente", "Esperado a la fecha", "% validado", "Estado"],
    board.map((g) => [
      networkName,
      g.goal.year,
      g.goal.title,
      g.indicatorLabel,
      g.goal.unit,
      g.goal.target,
      g.goal.baseline,
      day(g.goal.periodStart),
      day(g.goal.periodEnd),
      g.validated,
      g.pending,
      g.pace.expected,
      g.validatedPercent,
      PACE_STATUS_LABELS[g.pace.status],
    ]),
  );
}

export function entriesCsv(networkName: string, board: GoalSummary<FullEntry>[], baseUrl: string): string {
  const rows: (string | number | null)[][] = [];
  for (const g of board) {
    for (const e of g.entries) {
      rows.push([
        networkName,
        g.goal.title,
        e.organizationName ?? "Toda la red",
        day(e.occurredOn),
        e.value,
        ENTRY_STATUS_LABELS[e.status],
        e.source === "activity" ? "Actividad" : "Registro de la OMIL",
        e.note,
        e.link ?? "",
        e.activityId ? `${baseUrl}/actividades/${e.activityId}` : "",
        e.fileName ?? "",
      ]);
    }
  }
  return toCsv(["Red", "Meta", "OMIL", "Fecha", "Valor", "Estado", "Origen", "Nota", "Enlace", "Actividad", "Archivo de respaldo"], rows);
}
