/*
 * The passage a person selected in a section editor, offered to the
 * "Nuevo comentario" form: section, quoted text and the selection's ends as
 * Yjs relative positions (base64), which keep pointing at the same text while
 * others edit around it.
 */
export interface CommentAnchor {
  sectionKey: string;
  quote: string;
  start: string;
  end: string;
}

let anchor: CommentAnchor | null = null;
const listeners = new Set<() => void>();

export function setCommentAnchor(next: CommentAnchor | null) {
  anchor = next;
  for (const l of listeners) l();
}
export function subscribeCommentAnchor(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
export const getCommentAnchor = () => anchor;
export const getServerCommentAnchor = () => null;
