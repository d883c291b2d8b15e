import type { ReactNode } from "react";

/**
 * A wide table scrolls inside this labelled, keyboard-focusable region instead of widening the
 * page (no page scrolls sideways at 375 px).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
