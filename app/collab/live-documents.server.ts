/*
 * Readers of a live document's stored state (exports, print views, the
 * submitted copy) first let the collab server mounted in this process finish
 * writing what it already accepted: the durable store is the truth across
 * processes (every process writes an edit before relaying it, decision 0070),
 * and this closes the few milliseconds between accepting an edit here and its
 * row being committed. Never a derived copy (`proposals.content` is written
 * seconds later).
 */
type Settler = (documentName: string) => Promise<void>;

let settler: Settler | undefined;

/** Set by server/collab.ts (unset when it closes); without it there is nothing in flight here. */
export function setLiveDocumentSettler(fn: Settler | undefined) {
  settler = fn;
}

/** Resolves once this process's accepted edits of the document are durable, or after `timeoutMs` (a database write being retried must not hang a page). */
export async function settleLiveDocument(documentName: string, timeoutMs = 3_000): Promise<void> {
  if (!settler) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([settler(documentName).catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
