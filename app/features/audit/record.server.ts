import { eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { auditEvents, networks } from "~/db/schema";
import type { AuditAction, AuditResourceType } from "./actions.ts";
import { currentAuditContext, type AuditActor } from "./context.server.ts";

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEventInput {
  action: AuditAction;
  resource: { type: AuditResourceType; id: string | null; label?: string | null };
  /** The network it happened in; its region scopes the event unless `regionCode` is given. */
  networkId?: string | null;
  regionCode?: string | null;
  /** The person an account event is about. */
  subjectUserId?: string | null;
  details?: AuditDetails;
  /** Who did it; by default the signed-in person of the current request, else the system (null). */
  actor?: AuditActor | null;
}

/**
 * Appends one event. Call it with the transaction that makes the change, so
 * the event exists exactly when the change does (a rolled-back change leaves none).
 */
export async function recordAudit(tx: DbOrTx, event: AuditEventInput): Promise<void> {
  const context = currentAuditContext();
  const actor = event.actor !== undefined ? event.actor : (context?.actor ?? null);
  let regionCode = event.regionCode;
  if (regionCode === undefined && event.networkId) {
    const [network] = await tx.select({ regionCode: networks.regionCode }).from(networks).where(eq(networks.id, event.networkId));
    regionCode = network?.regionCode ?? null;
  }
  await tx.insert(auditEvents).values({
    actorUserId: actor?.userId ?? null,
    actorName: actor?.name ?? null,
    actorOrganizationId: actor?.organizationId ?? null,
    action: event.action,
    resourceType: event.resource.type,
    resourceId: event.resource.id,
    resourceLabel: event.resource.label ?? null,
    networkId: event.networkId ?? null,
    regionCode: regionCode ?? null,
    subjectUserId: event.subjectUserId ?? null,
    details: event.details ?? {},
    requestId: context?.requestId ?? null,
    ipAddress: context?.ipAddress ?? null,
  });
}
