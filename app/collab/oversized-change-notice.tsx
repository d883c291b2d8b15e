import { useState } from "react";
import { formatBytes } from "./change-limits.ts";
import type { OversizedChange } from "./provider.client.ts";
import { Notice } from "~/components/notice";

/**
 * A change of this device is too large to send in one message: it is held
 * (nothing of this device is sent, the socket stays open and others' edits keep
 * arriving) until the person discards it or sends it in pieces.
 */
export function OversizedChangeNotice({
  change,
  onDiscard,
  onSplit,
}: {
  change: OversizedChange;
  onDiscard: () => Promise<void>;
  /** Sends the held change in pieces under the limit; absent when this editor cannot split. */
  onSplit?: () => Promise<void>;
}) {
  const [working, setWorking] = useState<"discard" | "split" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (kind: "discard" | "split", action: () => Promise<void>) => {
    setWorking(kind);
    setError(null);
    action().catch(() => {
      setWorking(null);
      setError("No se pudo completar. Revisa tu conexión y vuelve a intentarlo.");
    });
  };
  const where = change.origin === "stored" ? "Hay un cambio guardado en este equipo" : "Tu último cambio";
  return (
    <Notice tone="error" role="alert">
      <p>
        {where} pesa {formatBytes(change.bytes)} y no se puede enviar de una vez (el máximo es {formatBytes(change.limit)}). Mientras no elijas qué hacer, lo
        que escribas queda solo en este equipo; los cambios de los demás siguen llegando.
      </p>
      <p>
        {onSplit ? (
          <button type="button" className="button" disabled={working !== null} onClick={() => run("split", onSplit)}>
            {working === "split" ? "Enviando por partes…" : "Enviar por partes"}
          </button>
        ) : null}{" "}
        <button
          type="button"
          className="button button--secondary"
          disabled={working !== null}
          onClick={() => {
            if (window.confirm("¿Descartar lo que este equipo no ha enviado? Se pierde ese cambio y lo escrito después en este equipo.")) run("discard", onDiscard);
          }}
        >
          {working === "discard" ? "Descartando…" : "Descartar el cambio"}
        </button>
      </p>
      {error ? <p>{error}</p> : null}
    </Notice>
  );
}
