/*
 * The live editors open on this page, for links that read the document on the
 * server (DOCX, print view): before following one, the page waits until the
 * collab server confirmed this device's last edits are durable, so the export
 * holds the sentence just typed. Safe to import on the server (nothing registers there).
 */
type Flush = () => Promise<void>;

const flushes = new Set<Flush>();

/** Called by a live editor once connected; returns the unregister function. */
export function registerLiveFlush(flush: Flush): () => void {
  flushes.add(flush);
  return () => void flushes.delete(flush);
}

export const hasLiveEditors = () => flushes.size > 0;

/** Waits for every live editor's confirmation, at most `timeoutMs` (then the export goes on with what the server has). */
export async function flushLiveEditors(timeoutMs = 5_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all([...flushes].map((flush) => flush().catch(() => undefined))),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
