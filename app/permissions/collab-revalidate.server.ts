import { loadOrCreateSecret } from "~/auth/secret.server";
import { createRevalidationToken } from "~/collab/token";
import { getEnv, type Env } from "~/env.server";

/*
 * After a change of access (an office leaves a network, a person is
 * deactivated, a proposal is submitted) the app asks every collab server to
 * re-check its live sockets against the database, which closes or downgrades
 * them at once: the one mounted in this process (server/collab.ts) and the
 * standalone processes of a scale-out (COLLAB_INTERNAL_URLS, `POST /revalidate`
 * with a signed, short-lived filter). Both run the same check
 * (`currentCollabAccess`). An unreachable standalone process is logged, never
 * an error: its short-lived collab tokens (120 s) then bound the delay.
 */
export interface CollabRevalidationFilter {
  userId?: string;
  documentName?: string;
}
export type CollabRevalidator = (filter: CollabRevalidationFilter) => Promise<void>;

/** How long the app waits for each standalone collab process. */
export const REMOTE_REVALIDATION_TIMEOUT_MS = 2_000;

const holder = globalThis as typeof globalThis & { __redOmilCollabRevalidator?: CollabRevalidator };

export function setCollabRevalidator(fn: CollabRevalidator | undefined) {
  holder.__redOmilCollabRevalidator = fn;
}

export async function revalidateCollabAccess(filter: CollabRevalidationFilter = {}) {
  await Promise.all([holder.__redOmilCollabRevalidator?.(filter), revalidateStandaloneServers(filter)]);
}

/** POSTs the signed filter to each standalone collab process; resolves once all answered, failed or timed out. */
export async function revalidateStandaloneServers(filter: CollabRevalidationFilter, env: Env = getEnv()): Promise<void> {
  if (env.collabInternalUrls.length === 0) return;
  const secret = loadOrCreateSecret(env.dataDir, "collab-secret", env.COLLAB_SECRET);
  const token = createRevalidationToken({ secret, userId: filter.userId, documentName: filter.documentName });
  await Promise.all(
    env.collabInternalUrls.map(async (baseUrl) => {
      try {
        const response = await fetch(`${baseUrl}/revalidate`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(REMOTE_REVALIDATION_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (!response.ok) console.warn(`[collab] ${baseUrl} rechazó la revalidación de acceso (HTTP ${response.status}); sus tokens vencen en 120 s`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        console.warn(`[collab] no se pudo revalidar el acceso en ${baseUrl} (${reason}); sus tokens vencen en 120 s`);
      }
    }),
  );
}
