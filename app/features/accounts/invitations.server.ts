import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { account, invitations, organizations, user } from "~/db/schema";
import { enqueueEmail } from "~/email/outbox.server";
import { FieldError } from "~/utils/errors";
import { ROLE_LABELS, type Actor, type Role } from "~/permissions/actor";
import { recordAccountEvent } from "~/features/audit/account-events.server";
import { recordAudit } from "~/features/audit/record.server";

export const INVITATION_DAYS = 7;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvitation(
  db: Database,
  input: { name: string; email: string; organizationId: string; role: Role },
  actor: Actor,
  baseUrl: string,
) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, input.email));
    if (existing) throw new FieldError("email", "Ya existe una cuenta con ese correo.");
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.organizationId));
    if (!org) throw new FieldError("organizationId", "La organización no existe.");
    if ((input.role === "omil_lead" || input.role === "omil_staff") !== (org.kind === "omil")) {
      throw new FieldError("role", "Ese rol no corresponde al tipo de organización.");
    }
    if (input.role === "dr_staff" && org.kind !== "direccion_regional") throw new FieldError("role", "Ese rol es para una Dirección Regional.");
    if (input.role === "nc_admin" && org.kind !== "nivel_central") throw new FieldError("role", "Ese rol es para Nivel Central.");
    // A new invitation replaces any pending one for the same address.
    await tx.update(invitations).set({ revokedAt: sql`now()` }).where(and(eq(invitations.email, input.email), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
    const [row] = await tx
      .insert(invitations)
      .values({ ...input, tokenHash: hashToken(token), expiresAt, invitedBy: actor.userId })
      .returning();
    await recordAudit(tx, { action: "account.invited", resource: { type: "account", id: null, label: `${input.name} <${input.email}>` }, regionCode: org.regionCode, actor, details: { rol: ROLE_LABELS[input.role], organizacion: org.name } });
    const link = `${baseUrl}/invitacion/${token}`;
    await enqueueEmail(tx, {
      to: input.email,
      subject: "Invitación a Red OMIL",
      text:
        `Hola ${input.name}:\n\n${actor.name} (${actor.organizationName}) te invitó a Red OMIL como ` +
        `${ROLE_LABELS[input.role]} de ${org.name}.\n\nPara crear tu contraseña abre este enlace (vale ${INVITATION_DAYS} días y se usa una sola vez):\n${link}\n`,
    });
    return { invitation: row, link };
  });
}

export type InvitationState =
  | { status: "valid"; invitation: typeof invitations.$inferSelect; organizationName: string }
  | { status: "expired" | "used" | "revoked" | "unknown" };

export async function findInvitation(db: DbOrTx, token: string): Promise<InvitationState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "unknown" };
  const [row] = await db
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return { status: "unknown" };
  if (row.invitation.usedAt) return { status: "used" };
  if (row.invitation.revokedAt) return { status: "revoked" };
  if (row.invitation.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  return { status: "valid", ...row };
}

export const INVITATION_STATUS_MESSAGES: Record<Exclude<InvitationState["status"], "valid">, string> = {
  expired: "Esta invitación venció. Pide a quien te invitó que envíe una nueva.",
  used: "Esta invitación ya fue usada. Si ya creaste tu contraseña, ingresa con tu correo.",
  revoked: "Esta invitación fue reemplazada por una más reciente. Revisa tu correo.",
  unknown: "No encontramos esta invitación. Revisa que el enlace esté completo.",
};

/** Creates the account with its password and consumes the invitation, atomically. */
export async function acceptInvitation(db: Database, token: string, passwordHash: string) {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
      .for("update");
    if (!inv) throw new FieldError("password", "La invitación ya no es válida.");
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, inv.email));
    if (existing) throw new FieldError("password", "Ya existe una cuenta con ese correo.");
    const userId = randomBytes(16).toString("hex");
    await tx.insert(user).values({ id: userId, name: inv.name, email: inv.email, emailVerified: true, organizationId: inv.organizationId, role: inv.role });
    await tx.insert(account).values({ id: randomBytes(16).toString("hex"), accountId: userId, providerId: "credential", userId, password: passwordHash });
    await tx.update(invitations).set({ usedAt: sql`now()` }).where(eq(invitations.id, inv.id));
    await recordAccountEvent(tx, { action: "account.invitation_accepted", userId, actor: { userId, name: inv.name, organizationId: inv.organizationId } });
    return { userId, email: inv.email };
  });
}

export async function listInvitations(db: DbOrTx, filter: { organizationIds?: string[] } = {}) {
  const rows = await db
    .select({
      id: invitations.id,
      name: invitations.name,
      email: invitations.email,
      role: invitations.role,
      organizationId: invitations.organizationId,
      organizationName: organizations.name,
      regionCode: organizations.regionCode,
      organizationKind: organizations.kind,
      expiresAt: invitations.expiresAt,
      usedAt: invitations.usedAt,
      revokedAt: invitations.revokedAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .orderBy(desc(invitations.createdAt))
    .limit(200);
  return filter.organizationIds ? rows.filter((r) => filter.organizationIds!.includes(r.organizationId)) : rows;
}
