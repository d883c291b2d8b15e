import { useState, type MouseEvent, type ReactNode } from "react";
import { flushLiveEditors, hasLiveEditors } from "./live-flush.ts";

/**
 * A link to an export of a live document (DOCX, print view). With a live
 * editor on the page it first waits until the server confirmed the last edits
 * (at most a few seconds), then follows the link; without JavaScript it is a
 * plain link.
 */
export function ExportLink({ href, download, className, children }: { href: string; download?: boolean; className?: string; children: ReactNode }) {
  const [waiting, setWaiting] = useState(false);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!hasLiveEditors() || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (waiting) return;
    setWaiting(true);
    void flushLiveEditors().finally(() => {
      setWaiting(false);
      window.location.assign(href);
    });
  };
  return (
    <a href={href} download={download || undefined} className={className} onClick={onClick} aria-busy={waiting || undefined}>
      {children}
      {waiting ? <span className="visually-hidden"> (guardando tus últimos cambios…)</span> : null}
    </a>
  );
}
