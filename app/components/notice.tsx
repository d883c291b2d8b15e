import type { ReactNode } from "react";

export type NoticeTone = "info" | "ok" | "warning" | "error";

/**
 * A message box by severity. The tone shows as colour, a left rule and an icon (CSS, left out of
 * the accessible text), so existing texts stay exactly what screen readers and tests read.
 * `role` is the caller's choice: "alert" for errors that interrupt, "status" for results of an action.
 */
export function Notice({
  tone = "info",
  role,
  id,
  labelledBy,
  compact,
  className,
  children,
}: {
  tone?: NoticeTone;
  role?: "alert" | "status" | "timer";
  id?: string;
  /** The id of a heading inside the notice that names it. */
  labelledBy?: string;
  compact?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const classes = ["notice", `notice--${tone}`, compact ? "notice--compact" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <div className={classes} role={role} id={id} aria-labelledby={labelledBy} aria-live={role === "timer" ? "off" : undefined}>
      <div className="notice__body">{children}</div>
    </div>
  );
}
