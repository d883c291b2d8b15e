import type { ReactNode } from "react";

export type BadgeTone = "info" | "neutral" | "ok" | "warning" | "error" | "overdue";

/** A short status label. */
export function Badge({ tone = "info", title, children }: { tone?: BadgeTone; title?: string; children: ReactNode }) {
  return (
    <span className={tone === "info" ? "badge" : `badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

/**
 * The state of something with a deadline (agreements, tasks): "Vencido" stands apart from every
 * other badge (solid red with an icon), "Vence hoy" warns, done is calm. Days are `YYYY-MM-DD` in Chile.
 */
export function DueBadge({ dueOn, today, done, doneLabel = "Cumplido" }: { dueOn: string | null; today: string; done?: boolean; doneLabel?: string }) {
  if (done) return <Badge tone="ok">{doneLabel}</Badge>;
  if (!dueOn) return null;
  if (dueOn < today) return <Badge tone="overdue">Vencido</Badge>;
  if (dueOn === today) return <Badge tone="warning">Vence hoy</Badge>;
  return null;
}
