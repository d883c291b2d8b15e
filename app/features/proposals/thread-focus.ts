/*
 * "Go to the commented passage": the comments panel asks, the live section
 * editor of the thread's section answers (it alone can resolve the thread's
 * Yjs relative positions against the current text). Without a live editor
 * (no JavaScript yet, a submitted proposal) nobody answers and the panel just
 * scrolls to the section.
 */

export interface FocusableThread {
  id: string;
  sectionKey: string;
  start: string | null;
  end: string | null;
}

/** "selected": the passage is selected and highlighted; "missing": its text was deleted; "section": no anchor, the section is shown. */
export type ThreadFocusResult = "selected" | "missing" | "section";

type Handler = (thread: FocusableThread) => ThreadFocusResult;
const handlers = new Map<string, Handler>();

/** Registers the live editor of a section; returns the unregister function. */
export function registerThreadFocus(sectionKey: string, handler: Handler) {
  handlers.set(sectionKey, handler);
  return () => {
    if (handlers.get(sectionKey) === handler) handlers.delete(sectionKey);
  };
}

/** Asks the section's live editor to show the thread's passage; null when no live editor is running. */
export function focusThread(thread: FocusableThread): ThreadFocusResult | null {
  const handler = handlers.get(thread.sectionKey);
  return handler ? handler(thread) : null;
}
