import { Badge, type BadgeTone } from "~/components/badge";
import { formatAmount, formatExpected, PACE_STATUS_LABELS, type PaceStatus } from "./progress.ts";

const PACE_TONES = { a_tiempo: "ok", en_riesgo: "warning", atrasada: "error" } as const satisfies Record<PaceStatus, BadgeTone>;

export function StatusBadge({ status }: { status: PaceStatus }) {
  return <Badge tone={PACE_TONES[status]}>{PACE_STATUS_LABELS[status]}</Badge>;
}

/** Validated progress as a native meter (announced by screen readers), pending and expected beside it. */
export function GoalProgressBar({
  label,
  validated,
  pending,
  expected,
  target,
  unit,
}: {
  label: string;
  validated: number;
  pending: number;
  expected: number;
  target: number;
  unit: string;
}) {
  const pct = (n: number) => Math.min(100, Math.max(0, (n / target) * 100));
  return (
    <div className="goal-progress">
      <div className="goal-progress__track" aria-hidden="true">
        <div className="goal-progress__validated" style={{ width: `${pct(validated)}%` }} />
        <div className="goal-progress__pending" style={{ width: `${pct(validated + pending) - pct(validated)}%` }} />
        <div className="goal-progress__expected" style={{ left: `${pct(expected)}%` }} title="Esperado a la fecha" />
      </div>
      <meter className="visually-hidden" min={0} max={target} value={Math.min(validated, target)} aria-label={`Avance validado de ${label}`}>
        {formatAmount(validated)}
      </meter>
      <p className="goal-progress__numbers">
        Validado: <strong>{formatAmount(validated)}</strong> de {formatAmount(target)} {unit} ({Math.round(pct(validated))} %) · Pendiente de validación:{" "}
        {formatAmount(pending)} · Esperado a la fecha: {formatExpected(expected, target)}
      </p>
    </div>
  );
}
