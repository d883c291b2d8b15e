import { TZDate } from "@date-fns/tz";
import { TIME_ZONE } from "~/utils/dates";

/** A call closes at 23:59:59 of its closing day in Chile. */
export function closingInstant(closesOn: string): Date {
  const [y, m, d] = closesOn.split("-").map(Number);
  return new Date(new TZDate(y, m - 1, d, 23, 59, 59, TIME_ZONE).getTime());
}

/** "Quedan 3 días y 4 horas", "Quedan 2 horas y 5 minutos", "Cerrada". Shared by server render and the ticking countdown. */
export function describeTimeLeft(closesAt: Date | string | number, now: number = Date.now()): { closed: boolean; text: string; urgent: boolean } {
  const ms = new Date(closesAt).getTime() - now;
  if (ms <= 0) return { closed: true, text: "La convocatoria está cerrada.", urgent: false };
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const text =
    days > 0
      ? `Quedan ${plural(days, "día", "días")} y ${plural(hours, "hora", "horas")} para el cierre.`
      : hours > 0
        ? `Quedan ${plural(hours, "hora", "horas")} y ${plural(mins, "minuto", "minutos")} para el cierre.`
        : `Quedan ${plural(Math.max(mins, 0), "minuto", "minutos")} para el cierre.`;
  return { closed: false, text, urgent: days < 2 };
}
