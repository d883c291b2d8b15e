import { useFetchers, useLocation, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { isNetworkFailure } from "~/utils/network-failure";
import { collectDraft, draftsFor, dropDrafts, formKeyOf, removeDraft, restoreDraft, saveDraft, submitterFor, type FormDraft } from "~/utils/form-drafts";
import { formatInstant } from "~/utils/instant";

/*
 * Nothing typed in a form is lost to a dropped line (docs/decisions/0111). One component in the
 * root layout watches every POST form of the portal (no per-form code):
 * - offline (navigator.onLine false), the submission is stopped, what was typed is kept as a
 *   draft in localStorage (user + URL + form) and the person is told it was not sent;
 * - online, the draft is kept while the request is on its way and dropped once the portal
 *   answered; if the request fails for lack of network, it stays;
 * - on returning to the page, drafts are put back into their forms with "Enviar ahora" and
 *   "Descartar borrador".
 * Passwords and files are never kept; signing out drops every draft of this browser.
 */

function formOnPage(formId: string): HTMLFormElement | null {
  return Array.from(document.forms).find((form) => formKeyOf(form) === formId) ?? null;
}

function isDraftable(form: HTMLFormElement, submitter: HTMLElement | null): boolean {
  const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toLowerCase();
  return method !== "get" && form.dataset.offlineDraft !== "off";
}

// The submission on its way. Module state, not a ref: the root layout is mounted anew when the
// error page replaces the page (a request that found no network), and that is when it is needed.
let inFlight: { url: string; draft: FormDraft | null } | null = null;
// The signed-in person last seen by a page: the error page may not have the root's data.
let lastUserKey: string | null = null;

interface Blocked {
  /** The form's name on screen. */
  label: string;
  /** Whether a draft was kept (false: nothing typed, or the browser refused to store it). */
  kept: boolean;
  droppedFiles: string[];
}

/** `userKey` undefined: not known on this render (the error page), the last page's person. */
export function FormDrafts({ userKey: givenUserKey, routeError }: { userKey: string | null | undefined; routeError: unknown }) {
  const userKey = givenUserKey === undefined ? lastUserKey : givenUserKey;
  const location = useLocation();
  const url = `${location.pathname}${location.search}`;
  const navigation = useNavigation();
  const fetchers = useFetchers();
  // Each notice belongs to the page it was given on.
  const [pageDrafts, setPageDrafts] = useState<{ url: string; drafts: FormDraft[] }>({ url, drafts: [] });
  const [blockedOn, setBlocked] = useState<(Blocked & { url: string }) | null>(null);
  const [stillOfflineOn, setStillOffline] = useState<string | null>(null);
  const drafts = pageDrafts.url === url ? pageDrafts.drafts : [];
  const blocked = blockedOn?.url === url ? blockedOn : null;
  const stillOffline = stillOfflineOn === url;

  const refresh = useCallback(() => setPageDrafts({ url, drafts: userKey ? draftsFor(userKey, url) : [] }), [userKey, url]);

  // Only the signed-in person's drafts stay on this browser; nobody signed in: none.
  // (Only when the page says who it is: an error page without the root's data drops nothing.)
  useEffect(() => {
    if (givenUserKey === undefined) return;
    lastUserKey = givenUserKey;
    dropDrafts(givenUserKey);
  }, [givenUserKey]);

  // Returning to a page: its drafts go back into their forms (on the next frame: the page's forms are there).
  useEffect(() => {
    if (!userKey) return;
    const frame = requestAnimationFrame(() => {
      const found = draftsFor(userKey, url);
      for (const draft of found) {
        const form = formOnPage(draft.formId);
        if (form) restoreDraft(form, draft);
      }
      setPageDrafts({ url, drafts: found });
    });
    return () => cancelAnimationFrame(frame);
  }, [userKey, url]);

  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !isDraftable(form, event.submitter)) return;
      if (new URL(form.action, window.location.href).pathname === "/salir") return dropDrafts(null);
      if (!userKey) return;
      const draft = collectDraft(form, event.submitter);
      if (navigator.onLine) {
        // Kept until the portal answers (a form refused by its own checks is never sent: its
        // draft stays until the next answer, and nothing is lost meanwhile).
        inFlight = { url, draft };
        if (draft) saveDraft(userKey, url, draft);
        return;
      }
      // Offline: Remix's <Form> does not submit a prevented event; the form keeps its values.
      event.preventDefault();
      const kept = draft ? saveDraft(userKey, url, draft) : false;
      setBlocked({ url, label: draft?.label ?? "el formulario", kept, droppedFiles: draft?.droppedFiles ?? [] });
      setStillOffline(null);
      refresh();
    };
    // Capture on window: before React's (and so Remix's) submit handlers.
    window.addEventListener("submit", onSubmit, true);
    return () => window.removeEventListener("submit", onSubmit, true);
  }, [userKey, url, refresh]);

  // It ended: answered (sent, or refused with field errors on screen) → the draft goes;
  // no network → it stays, and the person is told.
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  useEffect(() => {
    const done = inFlight;
    if (busy || !done || !userKey) return;
    inFlight = null;
    if (isNetworkFailure(routeError)) {
      // The request's outcome (the router's state) is known only once it settled, here. The notice
      // goes on the page now showing (the error page sits at the form's action URL, e.g. "?index").
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setBlocked({ url, label: done.draft?.label ?? "el formulario", kept: done.draft !== null, droppedFiles: done.draft?.droppedFiles ?? [] });
    } else if (done.draft) {
      removeDraft(userKey, done.url, done.draft.formId);
      setBlocked(null);
    }
    refresh();
  }, [busy, routeError, userKey, url, refresh]);

  if (!userKey || (!blocked && drafts.length === 0)) return null;

  const send = (draft: FormDraft) => {
    const form = formOnPage(draft.formId);
    if (!navigator.onLine) return setStillOffline(url);
    if (!form) return window.location.reload();
    setStillOffline(null);
    setBlocked(null);
    restoreDraft(form, draft);
    form.requestSubmit(submitterFor(form, draft));
  };
  const discard = (draft: FormDraft) => {
    removeDraft(userKey, url, draft.formId);
    formOnPage(draft.formId)?.reset();
    setBlocked(null);
    refresh();
  };

  return (
    <div className="form-drafts">
      {blocked ? (
        <div className="notice notice--warning" role="alert">
          <p>
            <strong>No se envió «{blocked.label}»: no hay conexión.</strong>{" "}
            {blocked.kept ? "Lo que escribiste quedó guardado en este equipo como borrador; envíalo cuando vuelva la conexión." : "Inténtalo de nuevo cuando vuelva la conexión."}
            {blocked.droppedFiles.length ? ` Los archivos no se guardan en el borrador: vuelve a elegirlos (${blocked.droppedFiles.join(", ")}).` : ""}
          </p>
        </div>
      ) : null}
      {drafts.map((draft) => (
        <section key={draft.formId} className="notice notice--info" aria-label={`Borrador sin enviar: ${draft.label}`}>
          <p>
            Tienes un borrador sin enviar de «{draft.label}», guardado en este equipo el {formatInstant(new Date(draft.savedAt))}.
            {formOnPage(draft.formId) ? " Ya está en el formulario." : ""}
          </p>
          {formOnPage(draft.formId) ? null : (
            <details>
              <summary>Ver lo que escribiste</summary>
              <dl>
                {draft.fields.map(([name, value], i) => (
                  <div key={`${name}-${i}`}>
                    <dt>{name}</dt>
                    <dd style={{ whiteSpace: "pre-wrap" }}>{value}</dd>
                  </div>
                ))}
              </dl>
            </details>
          )}
          <p className="form-drafts__actions">
            <button type="button" className="button" onClick={() => send(draft)}>
              Enviar ahora
            </button>{" "}
            <button type="button" className="button button--secondary" onClick={() => discard(draft)}>
              Descartar borrador
            </button>
          </p>
        </section>
      ))}
      {stillOffline ? (
        <p className="notice notice--warning" role="alert">
          Sigues sin conexión: el borrador queda guardado en este equipo. Envíalo cuando vuelva la conexión.
        </p>
      ) : null}
    </div>
  );
}
