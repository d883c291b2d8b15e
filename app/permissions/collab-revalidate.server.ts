/*
 * After a change of access (an office leaves a network, a person is
 * deactivated, a proposal is submitted) the app asks the collab server of this
 * process to re-check its live sockets, which closes or downgrades them at once.
 * In a scale-out with standalone collab processes, their short-lived tokens
 * bound the delay instead.
 */
export type CollabRevalidator = (filter: { userId?: string; documentName?: string }) => Promise<void>;

const holder = globalThis as typeof globalThis & { __redOmilCollabRevalidator?: CollabRevalidator };

export function setCollabRevalidator(fn: CollabRevalidator | undefined) {
  holder.__redOmilCollabRevalidator = fn;
}

export async function revalidateCollabAccess(filter: { userId?: string; documentName?: string } = {}) {
  await holder.__redOmilCollabRevalidator?.(filter);
}
