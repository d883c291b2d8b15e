/*
 * Collaborative document names: `proposal:<uuid>` and `meeting:<uuid>`.
 *
 * Guarantee: one canonical spelling per document (lowercase UUID), so the same
 * document never lives twice in the collab server's memory or database, and
 * the kind tells the server which permission check applies.
 */

export const COLLAB_DOCUMENT_KINDS = ["proposal", "meeting"] as const;
export type CollabDocumentKind = (typeof COLLAB_DOCUMENT_KINDS)[number];
export type CollabDocumentName = `${CollabDocumentKind}:${string}`;

export interface CollabDocumentRef {
  kind: CollabDocumentKind;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isKind(value: string): value is CollabDocumentKind {
  return (COLLAB_DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** Parses a canonical name; anything else (uppercase UUID, unknown kind, extra parts) is null. */
export function parseDocumentName(name: string): CollabDocumentRef | null {
  const separator = name.indexOf(":");
  if (separator < 0) return null;
  const kind = name.slice(0, separator);
  const id = name.slice(separator + 1);
  if (!isKind(kind) || !UUID.test(id)) return null;
  return { kind, id };
}

export function isDocumentName(name: string): name is CollabDocumentName {
  return parseDocumentName(name) !== null;
}

/** Builds the canonical name; throws on an id that is not a UUID (a programming error). */
export function formatDocumentName(ref: CollabDocumentRef): CollabDocumentName {
  const id = ref.id.toLowerCase();
  if (!isKind(ref.kind) || !UUID.test(id)) {
    throw new Error(`Nombre de documento inválido: ${ref.kind}:${ref.id}`);
  }
  return `${ref.kind}:${id}`;
}
