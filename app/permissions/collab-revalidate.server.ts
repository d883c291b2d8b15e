/*
 * After a change of access (an office leaves a network, a person is
 * deactivated, a proposal is submitted) the app asks the collab servers to
 * re-check their live sockets against the database, which closes or
 * downgrades them at once. The collab server mounted in this process does it
 * and, through Redis, tells every other process (portals and `npm run collab`)
 * to do the same (see collab-server/redis-relay.ts): within milliseconds, not
 * a token lifetime.
 */
export interface CollabRevalidationFilter {
  userId?: string;
  documentName?: string;
}
export type CollabRevalidator = (filter: CollabRevalidationFilter) => Promise<void>;

/* Set by the collab server mounted in this process (server/collab.ts). */
let revalidator: CollabRevalidator | undefined;

export function setCollabRevalidator(fn: CollabRevalidator | undefined) {
  revalidator = fn;
}

export async function revalidateCollabAccess(filter: CollabRevalidationFilter = {}) {
  await revalidator?.(filter);
}
