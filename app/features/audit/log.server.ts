import { TZDate } from "@date-fns/tz";
import { and, count, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import type { Actor } from "~/permissions/actor";
import { TIME_ZONE } from "~/utils/dates";
import { AUDIT_FILTER_KEYS, AuditFilterSchema, type AuditFilterForm } from "./schema.ts";

export const AUDIT_PAGE_SIZE = 50;
/** A CSV export is capped so one request cannot read an unbounded table into memory. */
export const AUDIT_CSV_MAX_ROWS = 20000;

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface ParsedAuditFilters {
  filters: AuditFilterForm;
  /** Field → Spanish message for values that were ignored. */
  errors: Record<string, string>;
}

/** Reads the filters from a URL; an invalid value is dropped (and reported), the rest still apply. */
export function parseAuditFilters(url: URL): ParsedAuditFilters {
  const raw: Record<string, string> = {};
  for (const key of [...AUDIT_FILTER_KEYS, "pagina"]) {
    const value = url.searchParams.get(key)?.trim();
    if (value) raw[key] = value;
  }
  const errors: Record<string, string> = {};
  for (let attempt = 0; attempt < 7; attempt++) {
    const parsed = AuditFilterSchema.safeParse(raw);
    if (parsed.success) return { filters: parsed.data, errors };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "hasta");
      errors[key] ??= issue.message;
      delete raw[key];
    }
  }
  return { filters: {}, errors };
}

/** Start of a Chilean calendar day as an instant. */
function chileDayStart(isoDay: string): Date {
  const [y, m, d] = isoDay.split("-").map(Number);
  return new Date(new TZDate(y, m - 1, d, TIME_ZONE).getTime());
}

function nextDay(isoDay: string): string {
  const date = new Date(`${isoDay}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The events this person may see: Nivel Central all; a Dirección Regional its region; anyone else none. */
export function auditScope(actor: Actor): SQL | undefined {
  if (actor.role === "nc_admin") return undefined;
  if (actor.role === "dr_staff" && actor.regionCode) return eq(auditEvents.regionCode, actor.regionCode);
  return eq(auditEvents.id, "00000000-0000-0000-0000-000000000000");
}

function whereFor(actor: Actor, f: AuditFilterForm): SQL | undefined {
  const conditions: (SQL | undefined)[] = [auditScope(actor)];
  if (f.red) conditions.push(eq(auditEvents.networkId, f.red));
  if (f.persona) conditions.push(or(eq(auditEvents.actorUserId, f.persona), eq(auditEvents.subjectUserId, f.persona)));
  if (f.accion) conditions.push(eq(auditEvents.action, f.accion));
  if (f.desde) conditions.push(gte(auditEvents.occurredAt, chileDayStart(f.desde)));
  if (f.hasta) conditions.push(lt(auditEvents.occurredAt, chileDayStart(nextDay(f.hasta))));
  return and(...conditions);
}

export async function listAuditEvents(db: DbOrTx, actor: Actor, f: AuditFilterForm, pageSize = AUDIT_PAGE_SIZE) {
  const where = whereFor(actor, f);
  const [{ total }] = await db.select({ total: count() }).from(auditEvents).where(where);
  const totalCount = Number(total);
  const totalPages = Math.max(1, Math.ceil(totalCount / pageSize));
  const page = Math.min(f.pagina ?? 1, totalPages);
  const events = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { events, total: totalCount, page, totalPages };
}

/** Every matching event, newest first, up to AUDIT_CSV_MAX_ROWS; `truncated` says whether more matched. */
export async function auditEventsForExport(db: DbOrTx, actor: Actor, f: AuditFilterForm) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(whereFor(actor, f))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(AUDIT_CSV_MAX_ROWS + 1);
  return { events: rows.slice(0, AUDIT_CSV_MAX_ROWS), truncated: rows.length > AUDIT_CSV_MAX_ROWS };
}
