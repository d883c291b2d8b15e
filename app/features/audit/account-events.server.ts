import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { organizations, user } from "~/db/schema";
import type { AuditAction } from "./actions.ts";
import type { AuditActor } from "./context.server.ts";
import { recordAudit, type AuditDetails } from "./record.server.ts";

/**
 * An event about a person's account, scoped to the region of that person's
 * organization (Nivel Central's own accounts: Nivel Central only). Found by id
 * or by email (a failed sign-in names only an email; an unknown one is kept as typed).
 */
export async function recordAccountEvent(
  db: DbOrTx,
  event: { action: AuditAction; userId?: string; email?: string; actor?: AuditActor | null; details?: AuditDetails },
): Promise<void> {
  const where = event.userId ? eq(user.id, event.userId) : sql`lower(${user.email}) = lower(${event.email ?? ""})`;
  const [person] = await db
    .select({ id: user.id, name: user.name, email: user.email, organizationId: user.organizationId, regionCode: organizations.regionCode })
    .from(user)
    .leftJoin(organizations, eq(organizations.id, user.organizationId))
    .where(where);
  await recordAudit(db, {
    action: event.action,
    resource: { type: "account", id: person?.id ?? null, label: person ? `${person.name} <${person.email}>` : (event.email ?? null) },
    regionCode: person?.regionCode ?? null,
    subjectUserId: person?.id ?? null,
    actor: event.actor,
    details: event.details,
  });
}
