import { and, eq, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { authAttempts } from "~/db/schema";
import { addressKey } from "~/utils/client-address.server";

/*
 * Limits on logins and password-reset requests, per client address and per
 * account, stored in the database so every process shares them.
 *
 * Guarantees:
 * - Logins: at most `failuresPerAddress.max` failed logins per address in a
 *   sliding minute and `failuresPerAccount.max` per account (email) in a
 *   sliding 15 minutes, from any address. Only failures count: an office of
 *   any size behind one public address can log in at 9:00 as long as fewer
 *   than ten of them mistype within a minute.
 * - The decision is taken under PostgreSQL advisory locks on the address and
 *   the account, and a login is recorded ("pending") before its password is
 *   checked: concurrent guesses — from this process or another — cannot get
 *   past the limit (at most `max` logins in flight per address), and the first
 *   ones to arrive go through. A refused attempt is not recorded (a flood does
 *   not extend the lock).
 * - Reset requests: at most `perAddress.max` per address per minute and
 *   `perAccount.max` per email per 15 minutes, whether or not the account exists.
 * The address is the resolved client (app/utils/client-address.server.ts),
 * never a header a client chose.
 */

export const LOGIN_LIMITS = {
  failuresPerAddress: { max: 10, windowSeconds: 60 },
  failuresPerAccount: { max: 10, windowSeconds: 15 * 60 },
} as const;

export const RESET_LIMITS = {
  perAddress: { max: 5, windowSeconds: 60 },
  perAccount: { max: 3, windowSeconds: 15 * 60 },
} as const;

/** Rows older than this are deleted (longer than every window). */
const RETENTION_SECONDS = 60 * 60;

export type AttemptRefusal = "address" | "account";
export type Reservation = { ok: true; id: string } | { ok: false; limit: AttemptRefusal };

export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

interface Rule {
  max: number;
  windowSeconds: number;
}

async function reserve(
  db: DbOrTx,
  kind: "login" | "reset",
  email: string,
  clientAddress: string,
  rules: { address: Rule; account: Rule },
  outcome: "pending" | "done",
): Promise<Reservation> {
  const account = accountKey(email);
  const address = addressKey(clientAddress);
  const since = (seconds: number) => sql`${authAttempts.at} > now() - make_interval(secs => ${seconds})`;
  const reservation = await db.transaction(async (tx): Promise<Reservation> => {
    // One decision at a time per address and per account, in every process (keys locked in a fixed order).
    for (const key of [`${kind}:address:${address}`, `${kind}:account:${account}`].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    }
    const [counts] = await tx
      .select({
        address: sql<number | string>`count(*) filter (where ${authAttempts.address} = ${address} and ${since(rules.address.windowSeconds)})`,
        account: sql<number | string>`count(*) filter (where ${authAttempts.account} = ${account} and ${since(rules.account.windowSeconds)})`,
      })
      .from(authAttempts)
      .where(
        and(
          eq(authAttempts.kind, kind),
          or(eq(authAttempts.address, address), eq(authAttempts.account, account)),
          since(Math.max(rules.address.windowSeconds, rules.account.windowSeconds)),
        ),
      );
    // Every row counts: failures, and logins still being checked (successful ones were deleted).
    if (Number(counts.address) >= rules.address.max) return { ok: false, limit: "address" };
    if (Number(counts.account) >= rules.account.max) return { ok: false, limit: "account" };
    const [row] = await tx.insert(authAttempts).values({ kind, account, address, outcome }).returning({ id: authAttempts.id });
    return { ok: true, id: row.id };
  });
  if (reservation.ok) await db.delete(authAttempts).where(lt(authAttempts.at, sql`now() - make_interval(secs => ${RETENTION_SECONDS})`));
  return reservation;
}

/** Before checking a password: refuses when the address or the account has too many recent failures. */
export function reserveLoginAttempt(db: DbOrTx, email: string, clientAddress: string): Promise<Reservation> {
  return reserve(db, "login", email, clientAddress, { address: LOGIN_LIMITS.failuresPerAddress, account: LOGIN_LIMITS.failuresPerAccount }, "pending");
}

/** After checking it: a wrong password stays as a failure; anything else (success, server error) is forgotten. */
export async function settleLoginAttempt(db: DbOrTx, id: string, outcome: "failed" | "not-a-failure"): Promise<void> {
  if (outcome === "failed") await db.update(authAttempts).set({ outcome: "failed" }).where(eq(authAttempts.id, id));
  else await db.delete(authAttempts).where(eq(authAttempts.id, id));
}

/** After a password reset through the emailed link: the account's failed logins no longer hold it back. */
export async function clearLoginFailures(db: DbOrTx, email: string): Promise<void> {
  await db
    .delete(authAttempts)
    .where(and(eq(authAttempts.kind, "login"), eq(authAttempts.account, accountKey(email)), eq(authAttempts.outcome, "failed")));
}

/** A password-reset request; every accepted request counts. */
export function reserveResetRequest(db: DbOrTx, email: string, clientAddress: string): Promise<Reservation> {
  return reserve(db, "reset", email, clientAddress, { address: RESET_LIMITS.perAddress, account: RESET_LIMITS.perAccount }, "done");
}
