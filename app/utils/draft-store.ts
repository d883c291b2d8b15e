/*
 * Where form drafts live (docs/decisions/0111), apart from the rest of app/utils/form-drafts.ts so
 * that the root can drop drafts on a page without a session without loading the drafts code.
 */

export const DRAFT_PREFIX = "redomil-draft:";

/** A key of this person's drafts (what `dropDrafts` keeps for them and drops for everyone else). */
export function userDraftKey(userKey: string, name: string): string {
  return `${DRAFT_PREFIX}${encodeURIComponent(userKey)}:${name}`;
}

export function draftStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: nothing is kept, and nothing breaks
  }
}

/** Drops every draft on this browser except those of `keepUserKey` (null: all of them, e.g. on sign-out). */
export function dropDrafts(keepUserKey: string | null) {
  const store = draftStorage();
  if (!store) return;
  const keep = keepUserKey === null ? null : userDraftKey(keepUserKey, "");
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(DRAFT_PREFIX) && (keep === null || !key.startsWith(keep))) keys.push(key);
  }
  keys.forEach((key) => store.removeItem(key));
}
