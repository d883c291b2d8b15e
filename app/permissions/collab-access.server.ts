import type * as Y from "yjs";
import { loadActor } from "~/auth/actor.server";
import { parseDocumentName } from "~/collab/document-name";
import type { DbOrTx } from "~/db/client.server";
import type { Actor } from "./actor.ts";

/*
 * How the collaboration server decides access to a document: each document
 * kind ("proposal", "meeting") is declared by its feature with a resolver that
 * loads the resource and asks `can()`, an optional hook run after each
 * store and an optional upgrade of documents stored in an older shape. The composition root (app/features/features.server.ts) builds THE
 * check from every declared kind; unknown kinds are refused (deny by default).
 */
export type CollabAccess = "edit" | "read" | null;
export type CollabAccessResolver = (db: DbOrTx, actor: Actor, id: string) => Promise<CollabAccess>;

/** Called after a document is stored, to derive JSON/text per section for the feature (from the Y.Doc). */
export type CollabStoredHook = (db: DbOrTx, id: string, doc: Y.Doc) => Promise<void>;

/** Brings a document of this kind stored in an older shape up to date (on load, in the collab server); idempotent. */
export type CollabUpgradeHook = (doc: Y.Doc) => void;

export interface CollabDocumentKind {
  access: CollabAccessResolver;
  stored?: CollabStoredHook;
  upgrade?: CollabUpgradeHook;
  /** Frozen (e.g. a submitted proposal): everyone reads, nobody edits, and the editors say why. */
  frozen?: (db: DbOrTx, id: string) => Promise<boolean>;
  /**
   * Run by each collab process after it made a frozen document's sockets
   * read-only and wrote what they sent before: folds the stored document into
   * the frozen copy, so it holds every edit any server accepted.
   */
  completeFrozenCopy?: (db: DbOrTx, id: string) => Promise<void>;
}

export type CollabAccessDecision =
  | { ok: true; actor: Actor; access: "edit" | "read" }
  | { ok: false; reason: "invalid-document" | "inactive-user" | "no-access" };

export interface CollabAccessCheck {
  /** The kind's resolver for an actor already loaded (null: refused, or an unknown kind). */
  resolve(db: DbOrTx, actor: Actor, kind: string, id: string): Promise<CollabAccess>;
  /**
   * THE access check of a user to a collab document, read from the database
   * now: document name → active user (actor) → the kind's resolver. Used on
   * connect by the portal's collab server and to re-check live sockets, both in
   * the portal (server/collab.ts) and in standalone collab processes
   * (collab-server/standalone.ts, `POST /revalidate`).
   */
  check(db: DbOrTx, userId: string, documentName: string): Promise<CollabAccessDecision>;
  /** `check` as a live socket's new access: "edit", "read" (downgrade) or null (close). */
  current(db: DbOrTx, userId: string, documentName: string): Promise<CollabAccess>;
  /** The collab server's `onStored` for any process (in the portal or standalone): runs the document kind's hook. */
  runStoredHook(db: DbOrTx, documentName: string, doc: Y.Doc): Promise<void>;
  storedHook(kind: string): CollabStoredHook | undefined;
  /** The collab server's `upgrade` for any process: runs the document kind's upgrade hook, if it declares one. */
  runUpgrade(documentName: string, doc: Y.Doc): void;
  /** The collab server's `isFrozen`: the kind's `frozen` (false when it declares none). */
  isFrozen(db: DbOrTx, documentName: string): Promise<boolean>;
  /** The collab server's `onFrozen`: the kind's `completeFrozenCopy`, if any. */
  runFrozenHook(db: DbOrTx, documentName: string): Promise<void>;
}

export function createCollabAccess(kinds: Readonly<Record<string, CollabDocumentKind>>): CollabAccessCheck {
  const kindOf = (kind: string) => (Object.hasOwn(kinds, kind) ? kinds[kind] : undefined);
  const access: CollabAccessCheck = {
    async resolve(db, actor, kind, id) {
      const declared = kindOf(kind);
      return declared ? declared.access(db, actor, id) : null;
    },
    async check(db, userId, documentName) {
      const ref = parseDocumentName(documentName);
      if (!ref) return { ok: false, reason: "invalid-document" };
      const actor = await loadActor(db, userId);
      if (!actor) return { ok: false, reason: "inactive-user" };
      const decided = await access.resolve(db, actor, ref.kind, ref.id);
      return decided ? { ok: true, actor, access: decided } : { ok: false, reason: "no-access" };
    },
    async current(db, userId, documentName) {
      const decision = await access.check(db, userId, documentName);
      return decision.ok ? decision.access : null;
    },
    async runStoredHook(db, documentName, doc) {
      const ref = parseDocumentName(documentName);
      const hook = ref && kindOf(ref.kind)?.stored;
      if (ref && hook) await hook(db, ref.id, doc);
    },
    storedHook: (kind) => kindOf(kind)?.stored,
    runUpgrade(documentName, doc) {
      const ref = parseDocumentName(documentName);
      const upgrade = ref && kindOf(ref.kind)?.upgrade;
      if (upgrade) upgrade(doc);
    },
    async isFrozen(db, documentName) {
      const ref = parseDocumentName(documentName);
      const frozen = ref && kindOf(ref.kind)?.frozen;
      return ref && frozen ? frozen(db, ref.id) : false;
    },
    async runFrozenHook(db, documentName) {
      const ref = parseDocumentName(documentName);
      const hook = ref && kindOf(ref.kind)?.completeFrozenCopy;
      if (ref && hook) await hook(db, ref.id);
    },
  };
  return access;
}
