import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { auditCsv } from "~/features/audit/csv.server";
import { auditEventsForExport, parseAuditFilters } from "~/features/audit/log.server";
import { auditEventView, auditFilterOptions, requireAuditAccess } from "~/features/audit/page.server";
import { recordAuditExport } from "~/features/audit/export.server";
import { todayInChile } from "~/utils/dates";

/** The log as CSV with the page's filters (up to AUDIT_CSV_MAX_ROWS rows); the download is itself audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requireAuditAccess(actor, "export");
  const db = getDb();
  const { filters } = parseAuditFilters(new URL(request.url));
  const options = await auditFilterOptions(db, actor);
  const { events, truncated } = await auditEventsForExport(db, actor, filters);
  const networkNames = new Map(options.networks.map((n) => [n.value, n.label]));
  const personNames = new Map(options.people.map((p) => [p.value, p.label]));
  const body = auditCsv(events.map((e) => auditEventView(e, networkNames, personNames)));
  await recordAuditExport(db, actor, filters, events.length, truncated);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="auditoria-${todayInChile()}.csv"`,
      "Cache-Control": "private, no-store",
      ...(truncated ? { "X-Audit-Truncated": "true" } : {}),
    },
  });
}
