import { lazy, Suspense } from "react";
import { useHydrated } from "~/utils/use-hydrated";

const MinutesEditor = lazy(() => import("./editor/minutes-editor.client.tsx"));

/** Live minutes in the browser; without JavaScript (or until it loads) the last stored minutes. */
export function LiveMinutes({ documentName, user, readOnly, storedHtml }: { documentName: string; user: { key: string; name: string; color: string }; readOnly: boolean; storedHtml: string }) {
  const mounted = useHydrated();
  const fallback = (
    <>
      <p className="muted">Cargando el editor de la minuta… (se necesita JavaScript para escribir en vivo)</p>
      {/* Built from escaped text and sanitized on the server (minutes-doc.server.ts). */}
      {storedHtml ? <div dangerouslySetInnerHTML={{ __html: storedHtml }} /> : null}
    </>
  );
  if (!mounted) return fallback;
  return (
    <Suspense fallback={fallback}>
      <MinutesEditor documentName={documentName} user={user} readOnly={readOnly} />
    </Suspense>
  );
}
