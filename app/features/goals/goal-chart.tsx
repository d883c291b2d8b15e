import { useId } from "react";
import { daysInclusive, formatAmount, type SeriesPoint } from "./progress.ts";

/*
 * Progress over time against the expected line, as plain server-rendered SVG:
 * no script needed, it prints, and screen readers get a title and summary.
 */

const W = 640;
const H = 240;
const M = { top: 12, right: 16, bottom: 28, left: 48 };
const MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

export function GoalChart({
  title,
  periodStart,
  periodEnd,
  target,
  unit,
  today,
  series,
}: {
  title: string;
  periodStart: string;
  periodEnd: string;
  target: number;
  unit: string;
  today: string;
  series: { validated: SeriesPoint[]; withPending: SeriesPoint[]; expected: SeriesPoint[] };
}) {
  const id = useId();
  const totalDays = Math.max(daysInclusive(periodStart, periodEnd) - 1, 1);
  const { max: maxValue, ticks: yTicks } = chartScale([target, ...series.withPending.map((p) => p.value), ...series.validated.map((p) => p.value), ...series.expected.map((p) => p.value)]);
  const clampDay = (day: string) => (day < periodStart ? periodStart : day > periodEnd ? periodEnd : day);
  // Every point stays inside the axes: days outside the period sit on its edges, values on the scale.
  const x = (day: string) => M.left + ((daysInclusive(periodStart, clampDay(day)) - 1) / totalDays) * (W - M.left - M.right);
  const y = (value: number) => H - M.bottom - (Math.min(Math.max(value, 0), maxValue) / maxValue) * (H - M.top - M.bottom);
  const path = (points: SeriesPoint[], step: boolean) =>
    points
      .map((p, i) => {
        if (i === 0) return `M${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`;
        // Cumulative progress is a step: the value holds until the next entry.
        return step ? `H${x(p.day).toFixed(1)}V${y(p.value).toFixed(1)}` : `L${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`;
      })
      .join("");
  const months = monthStarts(periodStart, periodEnd);
  const lastValidated = series.validated[series.validated.length - 1]?.value ?? 0;
  const lastAll = series.withPending[series.withPending.length - 1]?.value ?? 0;
  const showToday = today >= periodStart && today <= periodEnd;

  return (
    <figure className="goal-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{`Avance de «${title}» en el tiempo`}</title>
        <desc id={`${id}-d`}>
          {`Validado: ${formatAmount(lastValidated)} de ${formatAmount(target)} ${unit}. Con pendientes: ${formatAmount(lastAll)}. La línea punteada gris es el avance esperado.`}
        </desc>
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e2e2e2" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#555">
              {formatAmount(t)}
            </text>
          </g>
        ))}
        {months.map((m) => (
          <text key={m} x={x(m)} y={H - 8} fontSize="11" fill="#555" textAnchor="middle">
            {MONTHS[Number(m.slice(5, 7)) - 1]}
          </text>
        ))}
        <line x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} stroke="#555" strokeWidth="1.5" />
        <text x={W - M.right - 2} y={y(target) - 4} textAnchor="end" fontSize="10" fill="#333">
          meta
        </text>
        <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#999" />
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#999" />
        {showToday ? (
          <g>
            <line x1={x(today)} x2={x(today)} y1={M.top} y2={H - M.bottom} stroke="#b0b0b0" strokeDasharray="2 3" />
            <text x={x(today) + 3} y={M.top + 10} fontSize="10" fill="#555">
              hoy
            </text>
          </g>
        ) : null}
        <path d={path(series.expected, false)} fill="none" stroke="#777" strokeWidth="2" strokeDasharray="6 4" />
        <path d={path(series.withPending, true)} fill="none" stroke="#d08a00" strokeWidth="2" strokeDasharray="2 3" />
        <path d={path(series.validated, true)} fill="none" stroke="#1d5fa8" strokeWidth="3" />
      </svg>
      <figcaption className="goal-chart__legend">
        <span className="legend legend--validated">Validado</span>
        <span className="legend legend--pending">Validado + pendiente</span>
        <span className="legend legend--expected">Esperado</span>
      </figcaption>
    </figure>
  );
}

/**
 * The vertical scale: a round top at or above every value (target, validated,
 * with pending, expected), so a pending total over the target still sits under
 * the top of the axis, and five evenly spaced round ticks from 0 to it.
 */
export function chartScale(values: readonly number[]): { max: number; ticks: number[] } {
  const highest = Math.max(1, ...values.filter((v) => Number.isFinite(v)));
  const rawStep = highest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s * 4 >= highest) ?? 10 * magnitude;
  return { max: step * 4, ticks: [0, 1, 2, 3, 4].map((i) => Math.round(step * i * 100) / 100) };
}

/** The first day of each month inside the period (the period's start if mid-month). */
function monthStarts(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = start.split("-").map(Number);
  for (let guard = 0; guard < 36; guard++) {
    const day = `${y}-${String(m).padStart(2, "0")}-01`;
    if (day > end) break;
    out.push(day < start ? start : day);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
