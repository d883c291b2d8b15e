/*
 * The practice form's autosave and local backup (docs/decisions/0111, update). Each change is kept
 * in this browser at once (debounced) and sent to the portal a few seconds later; the backup goes
 * only once the portal confirmed exactly that content. Offline, or when the request found no
 * network, nothing is lost: the status line says so and the autosave is sent again when the line
 * is back (the `online` event, or a retry for a line that fails while the browser says online).
 */
import type { SubmissionResult } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import { removeBackupIfSent, saveBackup, snapshotOf, type BackupOwner, type PracticeBackup } from "../form-backup.ts";

const AUTOSAVE_DELAY_MS = 3_000;
const BACKUP_DELAY_MS = 400;
// A request that found no network while the browser says "online" (a weak line): tried again after
// 5 s, then 10, 20 … up to a minute.
const FIRST_RETRY_MS = 5_000;
const LAST_RETRY_MS = 60_000;

export type AutosaveAnswer = { savedAt?: string; result?: SubmissionResult<string[]>; offline?: boolean };

const OFFLINE_KEPT = "Sin conexión: lo escrito quedó guardado en este equipo; se guardará cuando vuelva la conexión.";
const OFFLINE_NOT_KEPT = "Sin conexión: se guardará cuando vuelva la conexión. No quedó guardado en este equipo: no cierres la página.";
const SAVE_OFFLINE_KEPT = "Sin conexión: no se guardó. Lo escrito quedó guardado en este equipo; usa «Guardar» cuando vuelva la conexión.";
const SAVE_OFFLINE_NOT_KEPT = "Sin conexión: no se guardó. Usa «Guardar» cuando vuelva la conexión; no cierres la página.";

export function usePracticeAutosave({
  formRef,
  autosave,
  actionUrl,
  owner,
  holdBackup,
  recovered,
}: {
  formRef: RefObject<HTMLFormElement>;
  /** Drafts save themselves; a published practice changes only through «Guardar». */
  autosave: boolean;
  actionUrl: string;
  /** Whose backup (null: none is kept). */
  owner: BackupOwner | null;
  /** An older backup waits for the person's decision: it is not overwritten meanwhile. */
  holdBackup: boolean;
  /** The form was just filled from the backup: keep and send it as if typed. */
  recovered: boolean;
}) {
  const fetcher = useFetcher<AutosaveAnswer>();
  const autosaveTimer = useRef<ReturnType<typeof setTimeout>>();
  const backupTimer = useRef<ReturnType<typeof setTimeout>>();
  // The autosave on its way: what it sends, and whether the backup holds it.
  const sent = useRef<{ fields: PracticeBackup["fields"]; kept: boolean } | null>(null);
  const retryDelay = useRef(FIRST_RETRY_MS);
  // Recovered values are unsaved changes from the start.
  const [pending, setPending] = useState(recovered && autosave);
  // Not sent for lack of network: whether the backup holds it, and whether it was an explicit save.
  const [unsent, setUnsent] = useState<{ kept: boolean; explicit: boolean } | null>(null);
  /** Whether the backup now holds the form's content (not while an older one waits for a decision). */
  const keepBackup = useCallback(
    (form = formRef.current): boolean => {
      clearTimeout(backupTimer.current);
      backupTimer.current = undefined;
      return Boolean(owner && form && !holdBackup && saveBackup(owner, snapshotOf(form)));
    },
    [formRef, owner, holdBackup],
  );
  const submit = fetcher.submit;

  const send = useCallback(() => {
    clearTimeout(autosaveTimer.current);
    setPending(false);
    const form = formRef.current;
    if (!form) return;
    const kept = keepBackup();
    if (!navigator.onLine) return setUnsent({ kept, explicit: false });
    setUnsent(null);
    sent.current = { fields: snapshotOf(form), kept };
    const data = new FormData(form);
    data.set("intent", "autosave");
    void submit(data, { method: "post", action: actionUrl });
  }, [formRef, keepBackup, submit, actionUrl]);

  /** Back up soon, send in a few seconds. */
  const schedule = useCallback(() => {
    clearTimeout(backupTimer.current);
    backupTimer.current = setTimeout(keepBackup, BACKUP_DELAY_MS);
    if (!autosave) return;
    clearTimeout(autosaveTimer.current);
    autosaveTimer.current = setTimeout(send, AUTOSAVE_DELAY_MS);
  }, [autosave, keepBackup, send]);
  const onEdit = useCallback(() => {
    if (autosave) setPending(true);
    schedule();
  }, [autosave, schedule]);

  /** «Guardar»: offline it is not sent (the form keeps its values, the backup holds them). */
  const onSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      // An explicit save supersedes the pending autosave (which would otherwise post stale data after it).
      clearTimeout(autosaveTimer.current);
      setPending(false);
      const kept = keepBackup();
      if (navigator.onLine) return setUnsent(null);
      event.preventDefault();
      setUnsent({ kept, explicit: !autosave });
    },
    [autosave, keepBackup],
  );

  // The answer to the autosave on its way: saved → that backup goes; no network → kept, retried.
  useEffect(() => {
    const done = sent.current;
    if (fetcher.state !== "idle" || !done) return;
    sent.current = null;
    if (fetcher.data?.savedAt) {
      retryDelay.current = FIRST_RETRY_MS;
      if (owner) removeBackupIfSent(owner, done.fields);
    }
    // The request's outcome is known only once it settled, here.
    if (fetcher.data?.offline) setUnsent({ kept: done.kept, explicit: false });
  }, [fetcher.state, fetcher.data, owner]);

  // Back online: what could not be sent goes now (or, on a weak line, a little later).
  useEffect(() => {
    if (!unsent || unsent.explicit || !autosave) return;
    window.addEventListener("online", send);
    let retry: ReturnType<typeof setTimeout> | undefined;
    if (navigator.onLine) {
      retry = setTimeout(send, retryDelay.current);
      retryDelay.current = Math.min(retryDelay.current * 2, LAST_RETRY_MS);
    }
    return () => {
      window.removeEventListener("online", send);
      clearTimeout(retry);
    };
  }, [unsent, autosave, send]);

  // A tab closed (or put away) within the backup's delay still keeps the last keystrokes.
  // (Also when the form goes, e.g. a link followed: the node is kept, the ref is gone by then.)
  const keepLatest = useRef(keepBackup);
  useEffect(() => {
    keepLatest.current = keepBackup;
  }, [keepBackup]);
  useEffect(() => {
    const form = formRef.current;
    const flush = () => {
      if (backupTimer.current !== undefined) keepLatest.current(form);
    };
    const onVisibility = () => document.visibilityState === "hidden" && flush();
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
      clearTimeout(autosaveTimer.current);
      flush();
    };
  }, [formRef]);

  // Recovered from the backup: it stays until the portal has it, and the normal autosave sends it.
  const scheduledRecovered = useRef(false);
  useEffect(() => {
    if (!recovered || scheduledRecovered.current) return;
    scheduledRecovered.current = true;
    schedule();
  }, [recovered, schedule]);

  let status = "";
  if (fetcher.state !== "idle") status = "Guardando…";
  else if (unsent) status = unsent.explicit ? (unsent.kept ? SAVE_OFFLINE_KEPT : SAVE_OFFLINE_NOT_KEPT) : unsent.kept ? OFFLINE_KEPT : OFFLINE_NOT_KEPT;
  else if (fetcher.data?.savedAt) status = `Borrador guardado automáticamente a las ${fetcher.data.savedAt}.`;
  else if (fetcher.data?.result) status = "No se pudo guardar automáticamente: revisa los campos marcados y usa «Guardar».";
  else if (pending) status = "Cambios sin guardar…";
  return { onEdit, onSubmit, status };
}
