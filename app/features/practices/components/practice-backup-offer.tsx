/*
 * Opening the editor with a local backup the portal does not have (docs/decisions/0111, update):
 * a notice offers it back. Recovering re-mounts the form with the backup's values (the rich
 * sections' editors take HTML only when they are created) and the normal autosave sends it;
 * discarding drops it. A backup equal to the portal's copy (saved, but the answer was lost) just goes.
 */
import { useEffect, useRef, useState } from "react";
import { LocalCopyNotice } from "~/components/local-copy-notice";
import { Notice } from "~/components/notice";
import { readBackup, removeBackup, sameAsPortal, valuesFromBackup, type BackupOwner, type PracticeBackup } from "../form-backup.ts";
import type { PracticeFormValues } from "./practice-form.tsx";

export function usePracticeBackupOffer({ owner, values, autosave }: { owner: BackupOwner | null; values: PracticeFormValues; autosave: boolean }) {
  const [offer, setOffer] = useState<PracticeBackup | null>(null);
  // The recovered values stand in for the portal's until the portal's change (a revalidation after a save).
  const [restored, setRestored] = useState<{ values: PracticeFormValues; base: PracticeFormValues } | null>(null);
  // The practice looked at on this visit (the page may go on to another practice).
  const looked = useRef<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const userKey = owner?.userKey;
  const practiceId = owner?.practiceId;

  // On opening, and each time the portal's copy is loaded again.
  useEffect(() => {
    if (!userKey || !practiceId) return;
    const backup = readBackup({ userKey, practiceId });
    // Offered once per visit: later backups are what is being typed now.
    const firstLook = looked.current !== practiceId;
    looked.current = practiceId;
    const same = backup !== null && sameAsPortal(backup, values);
    if (same) removeBackup({ userKey, practiceId });
    if (firstLook) {
      setOutcome(null);
      setOffer(same ? null : backup);
    } else if (same || !backup) {
      // localStorage is read only in the browser, after hydration: hence an effect.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setOffer(null);
    }
  }, [userKey, practiceId, values]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const recover = () => {
    if (!offer) return;
    setRestored({ values: valuesFromBackup(offer, values), base: values });
    setOffer(null);
    setOutcome(
      autosave
        ? "Recuperamos lo escrito en este equipo; se guardará automáticamente en unos segundos."
        : "Recuperamos lo escrito en este equipo; revísalo y usa «Guardar» para guardarlo en el portal.",
    );
  };
  const discard = () => {
    if (owner) removeBackup(owner);
    setOffer(null);
    setOutcome("Descartamos lo escrito en este equipo; el formulario muestra lo que tiene el portal.");
  };

  const notice = (
    <>
      {/* Focused after a choice (the buttons are gone), and announced. */}
      <div role="status" ref={outcomeRef} tabIndex={-1}>
        {outcome ? <Notice tone="ok">{outcome}</Notice> : null}
      </div>
      {offer ? (
        <LocalCopyNotice keptAt={offer.savedAt} onRecover={recover} onDiscard={discard}>
          {autosave ? "Si lo recuperas, vuelve al formulario y se guarda en el portal." : "Si lo recuperas, vuelve al formulario; luego usa «Guardar»."}
        </LocalCopyNotice>
      ) : null}
    </>
  );
  return {
    notice,
    form: {
      // Another practice, or the recovered values: a new form (the editors take HTML only when created).
      key: `${practiceId}:${restored ? "recuperado" : "portal"}`,
      values: restored && restored.base === values ? restored.values : values,
      holdBackup: offer !== null,
      recovered: restored !== null,
    },
  };
}
