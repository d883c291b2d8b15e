/*
 * The arithmetic of network goals: aggregation of entries, expected pace,
 * risk status and splitting a target among offices. No database, no dates
 * from the clock: callers pass "today" so every rule is testable at the edges.
 * Days are calendar dates (YYYY-MM-DD) as seen in Chile.
 */

export type EntryStatus = "pending" | "validated" | "rejected";

export interface EntryLike {
  id: string;
  organizationId: string | null;
  value: number;
  occurredOn: string;
  status: EntryStatus;
  /** Activity-derived entries: one per (activity, office); null for typed entries. */
  sourceKey: string | null;
}

export interface Totals {
  validated: number;
  pending: number;
}

export interface Aggregate extends Totals {
  /** Keyed by office id; "" holds entries credited to the whole network. */
  byOrganization: Map<string, Totals>;
}

/** Amounts are kept to two decimals; summing in cents avoids 0.1 + 0.2 surprises. */
const toCents = (n: number) => Math.round(n * 100);
const fromCents = (n: number) => n / 100;

/**
 * Deduplicates entries so nothing counts twice: the same row (same id) read
 * twice, or two rows derived from the same activity result (same sourceKey;
 * the most recent occurrence in the list wins, as the list is the current state).
 */
export function uniqueEntries<T extends EntryLike>(entries: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const e of entries) byKey.set(e.sourceKey ? `source:${e.sourceKey}` : `id:${e.id}`, e);
  return [...byKey.values()];
}

/** Validated and pending totals, overall and per office. Rejected entries count for nothing. */
export function aggregateEntries(entries: readonly EntryLike[]): Aggregate {
  let validated = 0;
  let pending = 0;
  const perOrg = new Map<string, { validated: number; pending: number }>();
  for (const e of uniqueEntries(entries)) {
    if (e.status === "rejected") continue;
    const cents = toCents(e.value);
    const key = e.organizationId ?? "";
    const org = perOrg.get(key) ?? { validated: 0, pending: 0 };
    if (e.status === "validated") {
      validated += cents;
      org.validated += cents;
    } else {
      pending += cents;
      org.pending += cents;
    }
    perOrg.set(key, org);
  }
  const byOrganization = new Map<string, Totals>();
  for (const [k, v] of perOrg) byOrganization.set(k, { validated: fromCents(v.validated), pending: fromCents(v.pending) });
  return { validated: fromCents(validated), pending: fromCents(pending), byOrganization };
}

// ---------------------------------------------------------------------------
// Calendar helpers (UTC arithmetic on calendar dates: no time zone drift).

const dayNumber = (isoDay: string) => {
  const [y, m, d] = isoDay.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
};
/** Days from a to b inclusive (a ≤ b gives ≥ 1). */
export const daysInclusive = (a: string, b: string) => dayNumber(b) - dayNumber(a) + 1;
const daysInMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};
export const isIsoDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(dayNumber(value)) && new Date(dayNumber(value) * 86_400_000).toISOString().slice(0, 10) === value;

export interface GoalPace {
  target: number;
  periodStart: string;
  periodEnd: string;
  monthlyPlan?: { month: string; value: number }[] | null;
}

/**
 * What should have been reached by the end of `day`: linear over the period
 * (a day's share per elapsed day, both ends included), or the monthly plan
 * (complete months, plus the elapsed part of the current month). Zero before
 * the period, the whole target from its last day on.
 */
export function expectedByDate(goal: GoalPace, day: string): number {
  if (day < goal.periodStart) return 0;
  if (day >= goal.periodEnd) return goal.monthlyPlan?.length ? sumPlan(goal.monthlyPlan) : goal.target;
  if (goal.monthlyPlan?.length) return expectedFromPlan(goal, day);
  const elapsed = daysInclusive(goal.periodStart, day);
  const total = daysInclusive(goal.periodStart, goal.periodEnd);
  return round2((goal.target * elapsed) / total);
}

const sumPlan = (plan: { value: number }[]) => fromCents(plan.reduce((s, p) => s + toCents(p.value), 0));
const round2 = (n: number) => Math.round(n * 100) / 100;

function expectedFromPlan(goal: GoalPace, day: string): number {
  const month = day.slice(0, 7);
  let expected = 0;
  for (const p of goal.monthlyPlan ?? []) {
    if (p.month < month) expected += p.value;
    else if (p.month === month) {
      // The month's days inside the period, and how many of them have passed.
      const first = maxDay(`${month}-01`, goal.periodStart);
      const last = minDay(`${month}-${String(daysInMonth(month)).padStart(2, "0")}`, goal.periodEnd);
      expected += (p.value * daysInclusive(first, day)) / daysInclusive(first, last);
    }
  }
  return round2(expected);
}
const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

// ---------------------------------------------------------------------------
// Status

export type PaceStatus = "a_tiempo" | "en_riesgo" | "atrasada";
export const PACE_STATUS_LABELS: Record<PaceStatus, string> = { a_tiempo: "A tiempo", en_riesgo: "En riesgo", atrasada: "Atrasada" };
/** Thresholds on validated progress ÷ expected progress. */
export const ON_TRACK_RATIO = 0.9;
export const AT_RISK_RATIO = 0.7;
export const PACE_RULE_TEXT =
  "A tiempo: el avance validado llega al menos al 90 % de lo esperado a la fecha. En riesgo: entre el 70 % y el 90 %. " +
  "Atrasada: bajo el 70 %, o el período terminó sin alcanzar la meta. Lo pendiente de validación no cuenta.";

export interface PaceResult {
  expected: number;
  status: PaceStatus;
  /** validated ÷ expected, 1 when nothing is expected yet. */
  ratio: number;
}

export function paceStatus(goal: GoalPace, validated: number, today: string): PaceResult {
  const expected = expectedByDate(goal, today);
  const planTotal = goal.monthlyPlan?.length ? sumPlan(goal.monthlyPlan) : goal.target;
  if (toCents(validated) >= toCents(planTotal)) return { expected, status: "a_tiempo", ratio: expected > 0 ? validated / expected : 1 };
  if (today > goal.periodEnd) return { expected, status: "atrasada", ratio: validated / expected };
  const ratio = expected > 0 ? validated / expected : 1;
  const status: PaceStatus = ratio >= ON_TRACK_RATIO ? "a_tiempo" : ratio >= AT_RISK_RATIO ? "en_riesgo" : "atrasada";
  return { expected, status, ratio };
}

// ---------------------------------------------------------------------------
// Split of the target among offices

export type OmilCategoryKey = "basica" | "intermedia" | "avanzada";
export interface OfficeForSplit {
  organizationId: string;
  category: OmilCategoryKey | null;
}
export interface Share {
  organizationId: string;
  target: number;
}

/**
 * Splits `target` among offices in proportion to their category weight (1 when
 * absent), rounding with the largest-remainder method so the parts add up to
 * the target exactly: whole units when the target is whole, cents otherwise.
 */
export function splitTarget(target: number, offices: readonly OfficeForSplit[], weights: Partial<Record<OmilCategoryKey, number>> = {}): Share[] {
  if (offices.length === 0) return [];
  const unit = Number.isInteger(target) ? 100 : 1;
  const totalUnits = Math.round(toCents(target) / unit);
  const w = offices.map((o) => {
    const weight = o.category ? (weights[o.category] ?? 1) : 1;
    return Number.isFinite(weight) && weight > 0 ? weight : 0;
  });
  // All weights zero (or invalid): fall back to equal parts.
  const effective = w.every((x) => x === 0) ? offices.map(() => 1) : w;
  const weightSum = effective.reduce((a, b) => a + b, 0);
  const exact = effective.map((x) => (totalUnits * x) / weightSum);
  const floors = exact.map(Math.floor);
  let remaining = totalUnits - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (remaining <= 0) break;
    floors[i] += 1;
    remaining -= 1;
  }
  return offices.map((o, i) => ({ organizationId: o.organizationId, target: fromCents(floors[i] * unit) }));
}

/** A Spanish message when the parts do not add up to the target, else null. */
export function checkSplit(target: number, shares: readonly Share[]): string | null {
  if (shares.some((s) => !Number.isFinite(s.target) || s.target < 0)) return "Cada parte debe ser un número mayor o igual a cero.";
  const sum = shares.reduce((s, x) => s + toCents(x.target), 0);
  if (sum !== toCents(target)) {
    return `La suma de las partes por OMIL (${formatAmount(fromCents(sum))}) debe ser igual a la meta (${formatAmount(target)}).`;
  }
  return null;
}

/** A Spanish message when the monthly plan is not usable for the period, else null. */
export function checkMonthlyPlan(goal: { target: number; periodStart: string; periodEnd: string }, plan: readonly { month: string; value: number }[]): string | null {
  const first = goal.periodStart.slice(0, 7);
  const last = goal.periodEnd.slice(0, 7);
  for (const p of plan) {
    if (p.month < first || p.month > last) return `El mes ${p.month} está fuera del período de la meta.`;
    if (!Number.isFinite(p.value) || p.value < 0) return "Los valores del plan mensual deben ser números mayores o iguales a cero.";
  }
  const sum = plan.reduce((s, p) => s + toCents(p.value), 0);
  if (sum !== toCents(goal.target)) return `El plan mensual suma ${formatAmount(fromCents(sum))} y debe sumar la meta (${formatAmount(goal.target)}).`;
  return null;
}

export interface OfficeProgress {
  organizationId: string;
  share: number;
  expected: number;
  validated: number;
  pending: number;
  behind: boolean;
}

/**
 * Each office against its share (or an equal part when the target was not
 * split): behind when its validated progress is under the on-track threshold
 * of its part of what is expected today.
 */
export function officesProgress(
  goal: GoalPace,
  officeIds: readonly string[],
  shares: readonly Share[],
  aggregate: Aggregate,
  today: string,
): OfficeProgress[] {
  const expectedTotal = expectedByDate(goal, today);
  const shareOf = new Map(shares.map((s) => [s.organizationId, s.target]));
  return officeIds.map((id) => {
    const share = shareOf.get(id) ?? (shares.length ? 0 : round2(goal.target / Math.max(officeIds.length, 1)));
    const expected = goal.target > 0 ? round2((share * expectedTotal) / goal.target) : 0;
    const totals = aggregate.byOrganization.get(id) ?? { validated: 0, pending: 0 };
    return { organizationId: id, share, expected, ...totals, behind: expected > 0 && totals.validated < expected * ON_TRACK_RATIO };
  });
}

// ---------------------------------------------------------------------------
// Series for the chart

export interface SeriesPoint {
  day: string;
  value: number;
}

/** Cumulative validated (and validated + pending) progress by day, up to `today` within the period. */
export function progressSeries(goal: GoalPace, entries: readonly EntryLike[], today: string): { validated: SeriesPoint[]; withPending: SeriesPoint[]; expected: SeriesPoint[] } {
  const end = minDay(today, goal.periodEnd);
  const counted = uniqueEntries(entries)
    .filter((e) => e.status !== "rejected" && e.occurredOn >= goal.periodStart && e.occurredOn <= end)
    .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  const validated: SeriesPoint[] = [{ day: goal.periodStart, value: 0 }];
  const withPending: SeriesPoint[] = [{ day: goal.periodStart, value: 0 }];
  let v = 0;
  let all = 0;
  for (const e of counted) {
    all += toCents(e.value);
    if (e.status === "validated") v += toCents(e.value);
    push(validated, e.occurredOn, fromCents(v));
    push(withPending, e.occurredOn, fromCents(all));
  }
  if (end >= goal.periodStart) {
    push(validated, end, fromCents(v));
    push(withPending, end, fromCents(all));
  }
  return { validated, withPending, expected: expectedSeries(goal) };
}

function push(series: SeriesPoint[], day: string, value: number) {
  const last = series[series.length - 1];
  if (last && last.day === day) last.value = value;
  else series.push({ day, value });
}

/** The expected line: a straight line, or one point per month end of the plan. */
function expectedSeries(goal: GoalPace): SeriesPoint[] {
  if (!goal.monthlyPlan?.length) return [{ day: goal.periodStart, value: 0 }, { day: goal.periodEnd, value: goal.target }];
  const points: SeriesPoint[] = [{ day: goal.periodStart, value: 0 }];
  const months = [...new Set(goal.monthlyPlan.map((p) => p.month))].sort();
  for (const m of months) {
    const monthEnd = minDay(`${m}-${String(daysInMonth(m)).padStart(2, "0")}`, goal.periodEnd);
    push(points, monthEnd, expectedByDate(goal, monthEnd));
  }
  return points;
}

/** Chilean number format: thousands with ".", decimals with ",". */
export function formatAmount(n: number): string {
  return new Intl.NumberFormat("es-CL", { maximumFractionDigits: 2 }).format(n);
}

/** Expected amounts of whole-number goals (people, companies…) are shown rounded: "89", not "89,32". */
export function formatExpected(expected: number, target: number): string {
  return formatAmount(Number.isInteger(target) ? Math.round(expected) : expected);
}

export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round((part / whole) * 1000) / 10;
}
