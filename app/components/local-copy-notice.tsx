import { useId, type ReactNode } from "react";
import { Notice } from "./notice.tsx";
import { formatInstant } from "~/utils/instant";

/**
 * "What you typed here never reached the portal": offered when a page opens with a local copy that
 * differs from the portal's (docs/decisions/0111). An alert, named by its first line, with two
 * buttons; `children` adds what the page needs to say (e.g. a newer version on the portal).
 */
export function LocalCopyNotice({ keptAt, onRecover, onDiscard, children }: { keptAt: string; onRecover(): void; onDiscard(): void; children?: ReactNode }) {
  const titleId = useId();
  return (
    <Notice tone="warning" role="alert" labelledBy={titleId} className="local-copy-notice">
      <p id={titleId}>
        <strong>Hay cambios que no llegaron al portal.</strong>
      </p>
      <p>
        Lo que escribiste el {formatInstant(new Date(keptAt))} quedó guardado en este equipo. {children}
      </p>
      <p className="actions">
        <button type="button" className="button" onClick={onRecover}>
          Recuperar lo escrito en este equipo
        </button>
        <button type="button" className="button button--secondary" onClick={onDiscard}>
          Descartar
        </button>
      </p>
    </Notice>
  );
}
