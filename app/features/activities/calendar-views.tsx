import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { formatDateTime, formatDay } from "~/utils/dates";
import type { CalendarEntry } from "./calendar.server.ts";
import { STATUS_LABELS } from "./labels.ts";
import { chileDayOf } from "./time.ts";
import { TableScroll } from "~/components/table-scroll";
import { Badge } from "~/components/badge";

type Entry = SerializeFrom<CalendarEntry>;
const WEEKDAYS = ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"];

function EntryLink({ e }: { e: Entry }) {
  return (
    <Link to={`/actividades/${e.id}`} className={e.status === "cancelada" ? "muted" : undefined}>
      {formatDateTime(e.startsAt, "HH:mm")} {e.title}
      {e.status !== "programada" ? ` (${STATUS_LABELS[e.status]})` : ""}
      {e.recordedAfter ? <RecordedAfterBadge /> : null}
    </Link>
  );
}

/** "Registro posterior": the activity was entered after it happened. */
export function RecordedAfterBadge() {
  return (
    <>
      {" "}
      <Badge tone="neutral">Registro posterior</Badge>
    </>
  );
}

/** Month or week grid, Monday first; days outside the month are dimmed. */
export function CalendarGrid({ days, entries, month, today, label }: { days: string[]; entries: Entry[]; month: string | null; today: string; label: string }) {
  const byDay = new Map<string, Entry[]>();
  for (const e of entries) {
    const day = chileDayOf(e.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  const weeks: string[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return (
    <TableScroll label={`Calendario: ${label}`}>
      <table className="calendar-grid">
        <caption className="visually-hidden">Actividades por día, {label}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th scope="col" key={w}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => (
                <td
                  key={day}
                  className={[month && !day.startsWith(month) ? "calendar-grid__outside" : "", day === today ? "calendar-grid__today" : ""].filter(Boolean).join(" ") || undefined}
                  aria-current={day === today ? "date" : undefined}
                >
                  <div className="calendar-grid__day">
                    <strong>{formatDay(day, "d")}</strong>
                    {day === today ? <span className="calendar-grid__today-mark">Hoy</span> : null}
                  </div>
                  <ul className="calendar-grid__entries">
                    {(byDay.get(day) ?? []).map((e) => (
                      <li key={e.id}>
                        <EntryLink e={e} />
                      </li>
                    ))}
                  </ul>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function CalendarList({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p>No hay actividades en este período.</p>;
  return (
    <TableScroll label="Lista de actividades">
      <table>
        <thead>
          <tr>
            <th scope="col">Fecha</th>
            <th scope="col">Actividad</th>
            <th scope="col">Tipo</th>
            <th scope="col">Red</th>
            <th scope="col">Organizan</th>
            <th scope="col">Estado</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.startsAt, "dd-MM-yyyy HH:mm")}</td>
              <td>
                <Link to={`/actividades/${e.id}`}>{e.title}</Link>
              </td>
              <td>{e.typeLabel}</td>
              <td>{e.networkName}</td>
              <td>{e.hosts.map((h) => h.name).join(", ")}</td>
              <td>
                {STATUS_LABELS[e.status]}
                {e.recordedAfter ? <RecordedAfterBadge /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
