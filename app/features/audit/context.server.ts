import { AsyncLocalStorage } from "node:async_hooks";

/** The request an audited change comes from: one per HTTP request (server/app.ts). */
export interface AuditRequestContext {
  requestId: string | null;
  ipAddress: string | null;
  /** The signed-in person, noted by getActor (app/auth/session.server.ts) once the session is read. */
  actor: AuditActor | null;
}

/** Who did it, as the log keeps it; an Actor fits. */
export interface AuditActor {
  userId: string;
  name: string;
  organizationId: string | null;
}

/*
 * Why a request-scoped store: most write functions do not take the actor (and
 * other features change them in parallel), so recordAudit finds "who" here
 * unless the call names the actor itself. Outside a request (jobs, seed, the
 * collab server) there is no store and the actor is the system (null).
 */
const storage = new AsyncLocalStorage<AuditRequestContext>();

export function runWithAuditContext<T>(context: Partial<AuditRequestContext>, fn: () => T): T {
  return storage.run({ requestId: null, ipAddress: null, actor: null, ...context }, fn);
}

export function noteAuditActor(actor: AuditActor | null): void {
  const store = storage.getStore();
  if (store && actor) store.actor = { userId: actor.userId, name: actor.name, organizationId: actor.organizationId };
}

export function currentAuditContext(): AuditRequestContext | undefined {
  return storage.getStore();
}
