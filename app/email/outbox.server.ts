import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Queues an email; pass the caller's transaction so it is sent only if the change commits. */
export async function enqueueEmail(
  db: DbOrTx,
  email: OutgoingEmail
): Promise<string> {
  const [row] = await db
    .insert(emailOutbox)
    .values(email)
    .returning({ id: emailOutbox.id });
  return row.id;
}

export interface Mailer {
  describe: string;
  send(email: OutgoingEmail & { id: string }): Promise<void>;
}

/**
 * The message as nodemailer builds it (decision 0145): Date, MIME-Version, a
 * text part always (plus HTML as an alternative when given) and a Message-ID
 * on the portal's domain derived from the outbox row, so a retried send
 * carries the same id and receivers can drop the duplicate.
 */
export function mailOptions(
  email: OutgoingEmail & { id: string },
  from: string,
  portalDomain: string
) {
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: `<${email.id}@${portalDomain}>`,
    date: new Date(),
  };
}

/** The portal's host name ("redomil.cl") for Message-IDs. */
export const domainOf = (baseUrl: string) => new URL(baseUrl).hostname;

/** Without SMTP_URL each message is written as a .eml file under DATA_DIR/outbox/ and logged. */
export function createFileMailer(
  dataDir: string,
  from: string,
  portalDomain: string,
  log: (msg: string) => void = console.log
): Mailer {
  const dir = path.join(dataDir, "outbox");
  // nodemailer's stream transport builds the full RFC 5322 message without sending it.
  const builder = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  return {
    describe: `archivos en ${dir}`,
    async send(email) {
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, "-")}-${email.id}.eml`
      );
      const built = await builder.sendMail(
        mailOptions(email, from, portalDomain)
      );
      await fs.writeFile(file, built.message as Buffer);
      log(`[correo] para ${email.to}: "${email.subject}" → ${file}`);
    },
  };
}

export function createSmtpMailer(
  smtpUrl: string,
  from: string,
  portalDomain: string
): Mailer {
  // Bounded waits keep one send well inside the claim's lease (5 min): a stuck relay fails and is retried.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    describe: `SMTP ${new URL(smtpUrl).host}`,
    async send(email) {
      await transport.sendMail(mailOptions(email, from, portalDomain));
    },
  };
}

const MAX_ATTEMPTS = 8;
const DEFAULT_LEASE_MS = 5 * 60_000;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 10 * 60_000;

/** Wait before attempt n+1 after n failed ones: 5 s, 10 s, 20 s … up to 10 min (~10 min in all). */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

const msInterval = (ms: number) =>
  sql`(${Math.max(0, Math.round(ms))} * interval '1 millisecond')`;

export interface DeliverOptions {
  /** This process in claim rows (`newHolderId()`); stable for the process's life. */
  holder: string;
  /** Rows claimed per statement; a pass claims batches until none is left (or maxBatches). */
  batch?: number;
  maxBatches?: number;
  /** How long a claim lasts; renewed before each send. A process that dies mid-send loses it after this. */
  leaseMs?: number;
  /** Aborted at shutdown: no further send starts and the rows still claimed are freed for other processes. */
  signal?: AbortSignal;
}

/**
 * Claims up to `batch` pending rows for `holder`: rows nobody holds or whose
 * claim expired, locked with FOR UPDATE SKIP LOCKED so concurrent claimers in
 * other processes get other rows. One statement: the claim commits at once.
 */
export async function claimPendingEmails(
  db: DbOrTx,
  holder: string,
  batch: number,
  leaseMs = DEFAULT_LEASE_MS
) {
  const claimable = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, "pending"),
        lt(emailOutbox.attempts, MAX_ATTEMPTS),
        or(
          isNull(emailOutbox.claimedUntil),
          lte(emailOutbox.claimedUntil, sql`now()`)
        )
      )
    )
    .orderBy(asc(emailOutbox.createdAt))
    .limit(batch)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(emailOutbox)
    .set({
      claimedBy: holder,
      claimedUntil: sql`now() + ${msInterval(leaseMs)}`,
    })
    .where(inArray(emailOutbox.id, claimable))
    .returning({ id: emailOutbox.id });
  if (claimed.length === 0) return [];
  // Read back in enqueue order: created_at in microseconds (JavaScript dates keep only milliseconds, so rows enqueued together tie there).
  return db
    .select()
    .from(emailOutbox)
    .where(
      inArray(
        emailOutbox.id,
        claimed.map((r) => r.id)
      )
    )
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id));
}

/**
 * Delivers pending emails, each exactly once across every process on the
 * database (docs/decisions/0071): claim a batch, renew the claim right before
 * each send (skipping a row another process took after our claim expired),
 * send, mark sent. A failure releases the row for a later retry with backoff,
 * up to MAX_ATTEMPTS.
 */
export async function deliverPendingEmails(
  db: DbOrTx,
  mailer: Mailer,
  options: DeliverOptions
): Promise<number> {
  const {
    holder,
    batch = 10,
    maxBatches = 10,
    leaseMs = DEFAULT_LEASE_MS,
    signal,
  } = options;
  let sent = 0;
  for (let round = 0; round < maxBatches && !signal?.aborted; round += 1) {
    const claimed = await claimPendingEmails(db, holder, batch, leaseMs);
    for (const [index, email] of claimed.entries()) {
      if (signal?.aborted) {
        // Stopping: hand the rest back now instead of making them wait for the lease to run out.
        const rest = claimed.slice(index).map((r) => r.id);
        await db
          .update(emailOutbox)
          .set({ claimedBy: null, claimedUntil: null })
          .where(
            and(
              inArray(emailOutbox.id, rest),
              eq(emailOutbox.claimedBy, holder),
              eq(emailOutbox.status, "pending")
            )
          );
        return sent;
      }
      const [held] = await db
        .update(emailOutbox)
        .set({ claimedUntil: sql`now() + ${msInterval(leaseMs)}` })
        .where(
          and(
            eq(emailOutbox.id, email.id),
            eq(emailOutbox.claimedBy, holder),
            eq(emailOutbox.status, "pending")
          )
        )
        .returning({ id: emailOutbox.id });
      if (!held) continue;
      try {
        await mailer.send({
          id: email.id,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html ?? undefined,
        });
      } catch (error) {
        const attempts = email.attempts + 1;
        await db
          .update(emailOutbox)
          .set({
            attempts,
            lastError: String(error).slice(0, 2000),
            status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
            claimedBy: null,
            claimedUntil: sql`now() + ${msInterval(retryDelayMs(attempts))}`,
          })
          .where(eq(emailOutbox.id, email.id));
        continue;
      }
      // Whoever holds the row now: it is sent, so a process that took it over after our claim expired skips it.
      // claimedBy then says which process sent it.
      await db
        .update(emailOutbox)
        .set({
          status: "sent",
          sentAt: new Date(),
          attempts: email.attempts + 1,
          claimedBy: holder,
          claimedUntil: null,
        })
        .where(eq(emailOutbox.id, email.id));
      sent += 1;
    }
    if (claimed.length < batch) break;
  }
  return sent;
}
