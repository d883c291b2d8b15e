import { useState } from "react";
import type { UnsentPiece } from "./unsent-changes.ts";
import { Notice } from "~/components/notice";

/**
 * Words this person typed that the server did not accept before the document
 * was submitted (frozen): shown to them, with a button that copies them, so
 * nothing typed is silently lost.
 */
export function UnsentWordsNotice({ pieces, labelOf }: { pieces: UnsentPiece[]; labelOf: (root: string) => string }) {
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const all = pieces.map((p) => p.text).join("\n\n");
  const copy = () => {
    navigator.clipboard.writeText(all).then(
      () => setCopied("ok"),
      () => setCopied("failed"),
    );
  };
  return (
    <Notice tone="warning" className="unsent-words" role="alert" labelledBy="unsent-words-title">
      <p id="unsent-words-title">
        <strong>Estas palabras no alcanzaron a guardarse antes del envío</strong> (la propuesta se envió mientras escribías; la copia enviada no las incluye):
      </p>
      <ul>
        {pieces.map((piece, index) => (
          <li key={index}>
            <span className="muted">{labelOf(piece.root)}:</span> <q className="unsent-words__text">{piece.text}</q>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" className="button button--secondary" onClick={copy}>
          Copiar
        </button>{" "}
        <span role="status">{copied === "ok" ? "Copiado: pégalo donde quieras guardarlo." : copied === "failed" ? "No se pudo copiar: selecciona el texto y cópialo a mano." : ""}</span>
      </p>
    </Notice>
  );
}
