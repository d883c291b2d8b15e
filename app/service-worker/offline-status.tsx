import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { SAVED_AT_ATTRIBUTE, type PageToWorkerMessage, type WorkerToPageMessage } from "./policy.ts";
import { Notice } from "~/components/notice";
import { formatInstant } from "~/utils/instant";

/*
 * The page's side of the offline shell (docs/decisions/0110): registers the service worker for a
 * signed-in person and tells it who that is (anyone else's saved pages are dropped), says when
 * the page is offline or was answered from the saved copy (and of when), and offers to reload
 * when a new version of the portal is waiting. Plain browser APIs: a few hundred bytes on every page.
 */

const noSubscription = () => () => {};
function subscribeToConnection(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

function tellWorker(worker: ServiceWorker | null | undefined, message: PageToWorkerMessage) {
  worker?.postMessage(message);
}

export function OfflineStatus({ userKey, signedOut }: { userKey: string | null; signedOut: boolean }) {
  const online = useSyncExternalStore(subscribeToConnection, () => navigator.onLine, () => true);
  // When the page on screen was saved, if the worker answered it from this device's copy.
  const pageSavedAt = useSyncExternalStore(noSubscription, () => document.documentElement.getAttribute(SAVED_AT_ATTRIBUTE) || null, () => null);
  // Loader data fetched since (client navigations) says the same, or that it is fresh.
  const [dataSavedAt, setDataSavedAt] = useState<string | null | undefined>(undefined);
  const savedAt = dataSavedAt === undefined ? pageSavedAt : dataSavedAt;
  const [loadedAt] = useState(() => new Date().toISOString());
  const [update, setUpdate] = useState<{ waiting: ServiceWorker | null } | null>(null);
  // This tab asked the waiting version to take over (then it reloads when it does).
  const askedToUpdate = useRef(false);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    const container = navigator.serviceWorker;
    const fromCache = document.documentElement.hasAttribute(SAVED_AT_ATTRIBUTE);
    // A page without a session (signed out, session over) drops every saved page on this device.
    if (signedOut && !fromCache) tellWorker(container.controller, { type: "set-user", userKey: null });
    if (!userKey) return;
    let cancelled = false;
    let reloading = false;
    const onMessage = (event: MessageEvent<WorkerToPageMessage>) => {
      if (event.data?.type === "served-from-cache") setDataSavedAt(event.data.savedAt);
      if (event.data?.type === "served-from-network") setDataSavedAt(null);
    };
    const onControllerChange = () => {
      // This tab asked for the new version: load it. Another tab did: offer it here too.
      if (askedToUpdate.current && !reloading) {
        reloading = true;
        window.location.reload();
      } else setUpdate({ waiting: null });
    };
    container.addEventListener("message", onMessage);
    container.addEventListener("controllerchange", onControllerChange);
    container.register("/sw.js").then(
      (registration) => {
        // Browsers that block service workers (policies, some embedded views) resolve without a registration.
        if (cancelled || !registration) return;
        const offer = (worker: ServiceWorker | null) => {
          // A first install takes over by itself; only a replacement needs the person's go-ahead.
          if (worker && container.controller) setUpdate({ waiting: worker });
        };
        offer(registration.waiting);
        registration.addEventListener("updatefound", () => {
          const installing = registration.installing;
          installing?.addEventListener("statechange", () => {
            if (installing.state === "installed") offer(installing);
          });
        });
        if (!fromCache) tellWorker(registration.active ?? container.controller, { type: "set-user", userKey });
        void container.ready.then((ready) => !cancelled && !fromCache && tellWorker(ready.active, { type: "set-user", userKey }));
      },
      (error) => console.warn("No se pudo activar el modo sin conexión", error),
    );
    return () => {
      cancelled = true;
      container.removeEventListener("message", onMessage);
      container.removeEventListener("controllerchange", onControllerChange);
    };
  }, [userKey, signedOut]);

  const reload = () => {
    if (update?.waiting) {
      askedToUpdate.current = true;
      tellWorker(update.waiting, { type: "skip-waiting" });
    } else window.location.reload();
  };

  return (
    <>
      {!online || savedAt ? (
        <Notice tone="warning" className="offline-banner" role="status">
          <strong>Sin conexión — datos del {formatInstant(new Date(savedAt ?? loadedAt))}.</strong>{" "}
          {savedAt ? "Esta página es la copia guardada en este equipo; puede no estar al día." : "Lo que ves puede no estar al día."}
        </Notice>
      ) : null}
      {update ? (
        <Notice tone="info" className="offline-banner" role="status">
          Hay una nueva versión —{" "}
          <button type="button" className="button" onClick={reload}>
            Recargar
          </button>
        </Notice>
      ) : null}
    </>
  );
}
