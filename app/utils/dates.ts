import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { es } from "date-fns/locale";

export const TIME_ZONE = "America/Santiago";

/** Formats an instant as seen in Chile ("22 de noviembre de 2026, 18:30"). */
export function formatDateTime(value: Date | string | number, pattern = "d 'de' MMMM 'de' yyyy, HH:mm"): string {
  return format(new TZDate(new Date(value).getTime(), TIME_ZONE), pattern, { locale: es });
}

/** Formats a calendar date (YYYY-MM-DD, no time zone) as "22-11-2026". */
export function formatDay(isoDay: string | null | undefined, pattern = "dd-MM-yyyy"): string {
  if (!isoDay) return "";
  const [y, m, d] = isoDay.split("-").map(Number);
  return format(new Date(y, m - 1, d), pattern, { locale: es });
}

/** Today's calendar date in Chile as YYYY-MM-DD. */
export function todayInChile(now: Date = new Date()): string {
  return format(new TZDate(now.getTime(), TIME_ZONE), "yyyy-MM-dd");
}

export function currentYearInChile(now: Date = new Date()): number {
  return Number(todayInChile(now).slice(0, 4));
}
