/**
 * Password-reset links: better-auth issues and consumes the token (a `verification` row it deletes
 * when used and sweeps once expired), so on its own it cannot tell an expired link from a used or
 * a mistyped one. We keep a ledger row per issued link beside it (same table, identifier
 * `reset-password-ledger:<sha256 of the token>`, kept 30 days) recording when the link expires and
 * when it was used, and the page tells the person which of the three happened.
 */
import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { verification } from "~/db/schema";
import { recordAccountEvent } from "~/features/audit/account-events.server";

export type ResetLinkState = "valid" | "expired" | "used" | "invalid";

const LEDGER_DAYS = 30;
const NEW_LINK = "Pide uno nuevo en «¿Olvidaste tu contraseña?».";

export const RESET_LINK_MESSAGES: Record<Exclude<ResetLinkState, "valid">, string> = {
  expired: `Este enlace venció: los enlaces para restablecer la contraseña valen una hora. ${NEW_LINK}`,
  used: `Este enlace ya se usó para cambiar la contraseña y no sirve otra vez. Si necesitas cambiarla de nuevo, ${NEW_LINK.charAt(0).toLowerCase()}${NEW_LINK.slice(1)}`,
  invalid: `Este enlace no es válido: revisa que esté completo tal como llegó en el correo. ${NEW_LINK}`,
};

interface Ledger {
  linkExpiresAt: string;
  usedAt: string | null;
  /** Whose password the link resets (better-auth's live row holds the user id): for the audit log. */
  userId?: string;
}

const liveIdentifier = (token: string) => `reset-password:${token}`;
const ledgerIdentifier = (token: string) => `reset-password-ledger:${createHash("sha256").update(token).digest("base64url")}`;
// better-auth's tokens are 24 alphanumeric characters; anything far from that is not worth a query.
const plausible = (token: string) => /^[A-Za-z0-9_-]{8,128}$/.test(token);

async function readLedger(db: DbOrTx, token: string): Promise<{ id: string; ledger: Ledger } | null> {
  const [row] = await db.select({ id: verification.id, value: verification.value }).from(verification).where(eq(verification.identifier, ledgerIdentifier(token)));
  if (!row) return null;
  try {
    return { id: row.id, ledger: JSON.parse(row.value) as Ledger };
  } catch {
    return null;
  }
}

/** Called when better-auth has just issued a link (sendResetPassword): remembers it. */
export async function recordResetLink(db: DbOrTx, token: string, now = new Date()): Promise<void> {
  const [live] = await db.select({ expiresAt: verification.expiresAt, userId: verification.value }).from(verification).where(eq(verification.identifier, liveIdentifier(token)));
  const linkExpiresAt = live?.expiresAt ?? new Date(now.getTime() + 60 * 60_000);
  const ledger: Ledger = { linkExpiresAt: linkExpiresAt.toISOString(), usedAt: null, userId: live?.userId };
  await db.insert(verification).values({
    id: randomUUID(),
    identifier: ledgerIdentifier(token),
    value: JSON.stringify(ledger),
    expiresAt: new Date(linkExpiresAt.getTime() + LEDGER_DAYS * 86_400_000),
  });
}

/** Called after a successful reset: the link reads as "used" from now on. */
export async function markResetLinkUsed(db: DbOrTx, token: string, now = new Date()): Promise<void> {
  const found = await readLedger(db, token);
  if (!found) return;
  await db
    .update(verification)
    .set({ value: JSON.stringify({ ...found.ledger, usedAt: now.toISOString() }), updatedAt: now })
    .where(eq(verification.id, found.id));
  if (found.ledger.userId) await recordAccountEvent(db, { action: "account.password_reset", userId: found.ledger.userId, actor: null });
}

/** What the link is now: still usable, expired, already used, or never a link of ours. */
export async function resetLinkState(db: DbOrTx, token: string, now = new Date()): Promise<ResetLinkState> {
  if (!plausible(token)) return "invalid";
  const found = await readLedger(db, token);
  const [live] = await db.select({ expiresAt: verification.expiresAt }).from(verification).where(eq(verification.identifier, liveIdentifier(token)));
  if (found) {
    if (found.ledger.usedAt) return "used";
    if (new Date(found.ledger.linkExpiresAt).getTime() <= now.getTime()) return "expired";
    // Issued, unexpired, and better-auth no longer has it: consumed by a request racing this one.
    return live ? "valid" : "used";
  }
  // Links issued before the ledger existed: only better-auth's row can tell.
  if (live) return live.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
  return "invalid";
}
