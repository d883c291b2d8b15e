import fs from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Queues an email; pass the caller's transaction so it is sent only if the change commits. */
export async function enqueueEmail(db: DbOrTx, email: OutgoingEmail): Promise<string> {
  const [row] = await db.insert(emailOutbox).values(email).returning({ id: emailOutbox.id });
  return row.id;
}

export interface Mailer {
  describe: string;
  send(email: OutgoingEmail & { id: string }): Promise<void>;
}

/** Without SMTP_URL each message is written as a .eml file under DATA_DIR/outbox/ and logged. */
export function createFileMailer(dataDir: string, from: string, log: (msg: string) => void = console.log): Mailer {
  const dir = path.join(dataDir, "outbox");
  return {
    describe: `archivos en ${dir}`,
    async send(email) {
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${email.id}.eml`);
      const body = [
        `From: ${from}`,
        `To: ${email.to}`,
        `Subject: ${email.subject}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        email.text,
        "",
      ].join("\n");
      await fs.writeFile(file, body, "utf8");
      log(`[correo] para ${email.to}: "${email.subject}" → ${file}`);
    },
  };
}

export async function createSmtpMailer(smtpUrl: string, from: string): Promise<Mailer> {
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    describe: `SMTP ${new URL(smtpUrl).host}`,
    async send(email) {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html });
    },
  };
}

const MAX_ATTEMPTS = 8;

/** Delivers pending emails once; failures are retried on later runs up to MAX_ATTEMPTS. */
export async function deliverPendingEmails(db: DbOrTx, mailer: Mailer, batch = 20): Promise<number> {
  const pending = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "pending"), lt(emailOutbox.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(emailOutbox.createdAt))
    .limit(batch);
  let sent = 0;
  for (const email of pending) {
    try {
      await mailer.send({ id: email.id, to: email.to, subject: email.subject, text: email.text, html: email.html ?? undefined });
      await db.update(emailOutbox).set({ status: "sent", sentAt: new Date(), attempts: email.attempts + 1 }).where(eq(emailOutbox.id, email.id));
      sent += 1;
    } catch (error) {
      const attempts = email.attempts + 1;
      await db
        .update(emailOutbox)
        .set({ attempts, lastError: String(error), status: attempts >= MAX_ATTEMPTS ? "failed" : "pending" })
        .where(eq(emailOutbox.id, email.id));
    }
  }
  return sent;
}
