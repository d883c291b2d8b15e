import type * as Y from "yjs";
import { loadActor } from "~/auth/actor.server";
import { parseDocumentName } from "~/collab/document-name";
import type { DbOrTx } from "~/db/client.server";
import type { Actor } from "./actor.ts";

/*
 * How the collaboration server decides access to a document: each document
 * kind ("proposal", "meeting") registers a resolver that loads the resource and
 * asks `can()`. Unknown kinds are refused (deny by default).
 */
export type CollabAccess = "edit" | "read" | null;
export type CollabAccessResolver = (db: DbOrTx, actor: Actor, id: string) => Promise<CollabAccess>;

const resolvers = new Map<string, CollabAccessResolver>();

export function registerCollabAccess(kind: string, resolver: CollabAccessResolver) {
  resolvers.set(kind, resolver);
}

export async function resolveCollabAccess(db: DbOrTx, actor: Actor, kind: string, id: string): Promise<CollabAccess> {
  const resolver = resolvers.get(kind);
  if (!resolver) return null;
  return resolver(db, actor, id);
}

export type CollabAccessDecision =
  | { ok: true; actor: Actor; access: "edit" | "read" }
  | { ok: false; reason: "invalid-document" | "inactive-user" | "no-access" };

/**
 * THE access check of a user to a collab document, read from the database
 * now: document name → active user (actor) → the kind's resolver. Used on
 * connect by the portal's collab server and to re-check live sockets, both in
 * the portal (server/collab.ts) and in standalone collab processes
 * (collab-server/standalone.ts, `POST /revalidate`).
 */
export async function checkCollabAccess(db: DbOrTx, userId: string, documentName: string): Promise<CollabAccessDecision> {
  const ref = parseDocumentName(documentName);
  if (!ref) return { ok: false, reason: "invalid-document" };
  const actor = await loadActor(db, userId);
  if (!actor) return { ok: false, reason: "inactive-user" };
  const access = await resolveCollabAccess(db, actor, ref.kind, ref.id);
  return access ? { ok: true, actor, access } : { ok: false, reason: "no-access" };
}

/** `checkCollabAccess` as a live socket's new access: "edit", "read" (downgrade) or null (close). */
export async function currentCollabAccess(db: DbOrTx, userId: string, documentName: string): Promise<CollabAccess> {
  const decision = await checkCollabAccess(db, userId, documentName);
  return decision.ok ? decision.access : null;
}

/** Called after a document is stored, to derive JSON/text per section for the feature (from the Y.Doc). */
export type CollabStoredHook = (db: DbOrTx, id: string, doc: Y.Doc) => Promise<void>;
const storedHooks = new Map<string, CollabStoredHook>();
export function registerCollabStoredHook(kind: string, hook: CollabStoredHook) {
  storedHooks.set(kind, hook);
}
export function collabStoredHook(kind: string): CollabStoredHook | undefined {
  return storedHooks.get(kind);
}

/** The collab server's `onStored` for any process (in the portal or standalone): runs the document kind's hook. */
export async function runCollabStoredHook(db: DbOrTx, documentName: string, doc: Y.Doc): Promise<void> {
  const ref = parseDocumentName(documentName);
  const hook = ref && storedHooks.get(ref.kind);
  if (ref && hook) await hook(db, ref.id, doc);
}
