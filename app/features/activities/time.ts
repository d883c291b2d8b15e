import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { TIME_ZONE } from "~/utils/dates";

/*
 * Wall-clock times in America/Santiago ↔ instants. Forms speak "2026-04-04T10:00"
 * as seen in Chile; the database keeps instants. Going through TZDate (and never
 * the server's own zone) keeps the offset right on both sides of the April and
 * September clock changes.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2026-04-04T10:00" in Chile → the instant; null when malformed. */
export function chileLocalToInstant(local: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const zoned = new TZDate(y, mo - 1, d, h, mi, TIME_ZONE);
  if (Number.isNaN(zoned.getTime())) return null;
  return new Date(zoned.getTime());
}

/** The instant as a `datetime-local` value in Chile. */
export function instantToChileLocal(value: Date | string | number): string {
  return format(new TZDate(new Date(value).getTime(), TIME_ZONE), "yyyy-MM-dd'T'HH:mm");
}

/** The calendar day (YYYY-MM-DD) of an instant in Chile. */
export function chileDayOf(value: Date | string | number): string {
  return format(new TZDate(new Date(value).getTime(), TIME_ZONE), "yyyy-MM-dd");
}

/** Adds days to a calendar day, without time zones involved. */
export function addDaysToDay(isoDay: string, days: number): string {
  const [y, m, d] = isoDay.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** ISO weekday of a calendar day: 1 = Monday ... 7 = Sunday. */
export function isoWeekdayOf(isoDay: string): number {
  const [y, m, d] = isoDay.split("-").map(Number);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** The n-th (1..5, or -1 = last) ISO weekday of a month, or null when that month has none. */
export function nthWeekdayOfMonth(year: number, month: number, isoWeekday: number, ordinal: number): string | null {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const days: number[] = [];
  for (let d = 1; d <= lastDay; d++) {
    const w = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    if ((w === 0 ? 7 : w) === isoWeekday) days.push(d);
  }
  const day = ordinal === -1 ? days[days.length - 1] : days[ordinal - 1];
  if (!day) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export interface MeetingRule {
  ordinal: number;
  weekday: number;
  startTime: string;
  durationMinutes: number;
}

export const ORDINAL_LABELS: Record<string, string> = { "1": "Primer", "2": "Segundo", "3": "Tercer", "4": "Cuarto", "-1": "Último" };
export const WEEKDAY_LABELS: Record<string, string> = { "1": "lunes", "2": "martes", "3": "miércoles", "4": "jueves", "5": "viernes", "6": "sábado", "7": "domingo" };

export function describeRule(rule: MeetingRule): string {
  return `${ORDINAL_LABELS[String(rule.ordinal)]} ${WEEKDAY_LABELS[String(rule.weekday)]} de cada mes, ${rule.startTime} (${rule.durationMinutes} min)`;
}

/** The next `count` meetings the rule proposes on or after `fromDay`, as instants in Chile. */
export function proposeMeetings(rule: MeetingRule, fromDay: string, count: number): { day: string; startsAt: Date; endsAt: Date }[] {
  const out: { day: string; startsAt: Date; endsAt: Date }[] = [];
  let year = Number(fromDay.slice(0, 4));
  let month = Number(fromDay.slice(5, 7));
  for (let guard = 0; out.length < count && guard < count + 24; guard++) {
    const day = nthWeekdayOfMonth(year, month, rule.weekday, rule.ordinal);
    if (day && day >= fromDay) {
      const startsAt = chileLocalToInstant(`${day}T${rule.startTime}`);
      if (startsAt) out.push({ day, startsAt, endsAt: new Date(startsAt.getTime() + rule.durationMinutes * 60_000) });
    }
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}
