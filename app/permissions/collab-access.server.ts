import type * as Y from "yjs";
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

/** Called after a document is stored, to derive JSON/text per section for the feature (from the Y.Doc). */
export type CollabStoredHook = (db: DbOrTx, id: string, doc: Y.Doc) => Promise<void>;
const storedHooks = new Map<string, CollabStoredHook>();
export function registerCollabStoredHook(kind: string, hook: CollabStoredHook) {
  storedHooks.set(kind, hook);
}
export function collabStoredHook(kind: string): CollabStoredHook | undefined {
  return storedHooks.get(kind);
}
