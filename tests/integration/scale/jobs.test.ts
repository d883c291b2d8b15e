import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { emailOutbox, jobLeases } from "~/db/schema";
import { claimPendingEmails, deliverPendingEmails, enqueueEmail, retryDelayMs, type Mailer, type OutgoingEmail } from "~/email/outbox.server";
import { createJobLease, renewJobLease, tryAcquireJobLease } from "~/jobs/lease.server";
import { startWorker } from "../../../server/workers";
import { createTestDatabase, testDatabaseKind } from "../../setup/db";

/*
 * The claim and lease logic that keeps mail and background jobs to one
 * process (docs/decisions/0071), on PGlite (one connection) and PostgreSQL.
 * On PostgreSQL the two "processes" have their own connection pools, so
 * their statements really run at the same time.
 */

let handle: DatabaseHandle;
/** A second, independent pool on the same database (PostgreSQL); PGlite has one connection. */
let other: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  other = handle.pgPool
    ? await openDatabase({ databaseUrl: (handle.pgPool as unknown as { options: { connectionString: string } }).options.connectionString, migrate: false })
    : handle;
});
afterAll(async () => {
  if (other !== handle) await other.close();
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(emailOutbox);
  await handle.db.delete(jobLeases);
});

function recordingMailer(delayMs = 0, fail?: (email: OutgoingEmail) => boolean) {
  const sent: string[] = [];
  const mailer: Mailer = {
    describe: "memoria",
    async send(email) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (fail?.(email)) throw new Error("relay caído");
      sent.push(email.subject);
    },
  };
  return { mailer, sent };
}

async function enqueue(n: number) {
  for (let i = 0; i < n; i += 1) await enqueueEmail(handle.db, { to: `p${i}@ejemplo.cl`, subject: `m${i}`, text: "hola" });
}

describe(`mail outbox claims (${testDatabaseKind()})`, () => {
  it("two claimers get disjoint rows; an expired claim is taken again", async () => {
    await enqueue(5);
    const [a, b] = await Promise.all([claimPendingEmails(handle.db, "A", 3), claimPendingEmails(other.db, "B", 10)]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(new Set(ids).size).toBe(5);
    expect(a.length + b.length).toBe(5);
    expect(await claimPendingEmails(handle.db, "C", 10)).toHaveLength(0);

    // A "dies" holding its rows: once its lease runs out, C claims exactly those.
    await handle.db.update(emailOutbox).set({ claimedUntil: sql`now() - interval '1 second'` }).where(eq(emailOutbox.claimedBy, "A"));
    const retaken = await claimPendingEmails(handle.db, "C", 10);
    expect(retaken.map((r) => r.id).sort()).toEqual(a.map((r) => r.id).sort());
    expect(retaken.every((r) => r.claimedBy === "C")).toBe(true);
  });

  it("two senders running at once deliver every message exactly once", async () => {
    await enqueue(30);
    const one = recordingMailer(5);
    const two = recordingMailer(5);
    const [n1, n2] = await Promise.all([
      deliverPendingEmails(handle.db, one.mailer, { holder: "uno", batch: 4 }),
      deliverPendingEmails(other.db, two.mailer, { holder: "dos", batch: 4 }),
    ]);
    expect(n1 + n2).toBe(30);
    const all = [...one.sent, ...two.sent].sort();
    expect(all).toEqual([...new Set(all)].sort());
    expect(all).toHaveLength(30);
    const rows = await handle.db.select().from(emailOutbox);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && ["uno", "dos"].includes(r.claimedBy!) && r.claimedUntil === null)).toBe(true);
  });

  it("a sender whose claim expired and was taken over skips the row", async () => {
    await enqueue(1);
    const [row] = await claimPendingEmails(handle.db, "lento", 1, 1);
    await new Promise((r) => setTimeout(r, 20));
    const { mailer, sent } = recordingMailer();
    expect(await deliverPendingEmails(other.db, mailer, { holder: "nuevo" })).toBe(1);
    expect(sent).toEqual(["m0"]);
    // The slow holder's renewal before sending now fails: nothing is claimable for it either.
    expect(await claimPendingEmails(handle.db, "lento", 1)).toHaveLength(0);
    const [stored] = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.id, row.id));
    expect(stored.status).toBe("sent");
  });

  it("a sender that stops mid-batch hands its unsent rows back at once", async () => {
    await enqueue(6);
    const stopping = new AbortController();
    const sent: string[] = [];
    const mailer: Mailer = {
      describe: "memoria",
      async send(email) {
        sent.push(email.subject);
        if (sent.length === 2) stopping.abort();
      },
    };
    expect(await deliverPendingEmails(handle.db, mailer, { holder: "A", batch: 6, signal: stopping.signal })).toBe(2);
    const rest = await claimPendingEmails(other.db, "B", 10);
    expect(rest).toHaveLength(4);
    // Exactly the unsent ones come back (rows enqueued within one clock tick have no order between them).
    expect(sent).toHaveLength(2);
    expect(rest.map((r) => r.subject).sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"].filter((m) => !sent.includes(m)));
  });

  it("a failed send is retried later with backoff, not by the next pass", async () => {
    await enqueue(2);
    const { mailer, sent } = recordingMailer(0, (e) => e.subject === "m0");
    expect(await deliverPendingEmails(handle.db, mailer, { holder: "A" })).toBe(1);
    expect(sent).toEqual(["m1"]);
    const [failed] = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.subject, "m0"));
    expect(failed).toMatchObject({ status: "pending", attempts: 1, claimedBy: null });
    expect(failed.lastError).toContain("relay caído");
    expect(failed.claimedUntil!.getTime()).toBeGreaterThan(Date.now() + retryDelayMs(1) - 2_000);
    expect(await deliverPendingEmails(handle.db, mailer, { holder: "A" })).toBe(0);
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(20)).toBe(600_000);
  });
});

describe(`job leases (${testDatabaseKind()})`, () => {
  it("of two claimers one wins; an expired lease is retaken; the loser cannot renew", async () => {
    const results = await Promise.all([
      tryAcquireJobLease(handle.db, "j", "A", { ttlMs: 60_000 }),
      tryAcquireJobLease(other.db, "j", "B", { ttlMs: 60_000 }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? "A" : "B";
    const loser = winner === "A" ? "B" : "A";
    expect(await renewJobLease(handle.db, "j", loser, 60_000)).toBe(false);
    expect(await renewJobLease(handle.db, "j", winner, 60_000)).toBe(true);
    expect(await tryAcquireJobLease(handle.db, "j", loser, { ttlMs: 60_000 })).toBe(false);

    // The winner's process dies: the lease runs out and the other process takes the job.
    await handle.db.update(jobLeases).set({ heldUntil: sql`now() - interval '1 second'` }).where(eq(jobLeases.name, "j"));
    expect(await tryAcquireJobLease(handle.db, "j", loser, { ttlMs: 60_000 })).toBe(true);
    expect(await renewJobLease(handle.db, "j", winner, 60_000)).toBe(false);
    const [row] = await handle.db.select().from(jobLeases).where(eq(jobLeases.name, "j"));
    expect(row.heldBy).toBe(loser);
  });

  it("a released job is not due again before its period, unless forced", async () => {
    const a = createJobLease(handle.db, "periodic", "A", 60_000);
    const b = createJobLease(other.db, "periodic", "B", 60_000);
    expect(await a.tryAcquire(false)).toBe(true);
    expect(await b.tryAcquire(true)).toBe(false); // running: never, even forced
    await a.release();
    expect(await b.tryAcquire(false)).toBe(false); // ran less than a period ago
    expect(await b.tryAcquire(true)).toBe(true); // a start-up pass
    await b.release();
    await handle.db.update(jobLeases).set({ lastRunAt: sql`now() - interval '2 minutes'` }).where(eq(jobLeases.name, "periodic"));
    expect(await a.tryAcquire(false)).toBe(true);
  });

  it("workers in two processes never run the same job at once", async () => {
    let active = 0;
    let overlaps = 0;
    let passes = 0;
    const pass = async () => {
      active += 1;
      if (active > 1) overlaps += 1;
      passes += 1;
      await new Promise((r) => setTimeout(r, 60));
      active -= 1;
    };
    const silent = { warn: () => undefined, error: () => undefined };
    const w1 = startWorker("trabajo", 25, pass, silent, createJobLease(handle.db, "trabajo", "A", 25));
    const w2 = startWorker("trabajo", 25, pass, silent, createJobLease(other.db, "trabajo", "B", 25));
    await Promise.all([w1.runNow(), w2.runNow()]);
    await new Promise((r) => setTimeout(r, 800));
    await Promise.all([w1.stop(), w2.stop()]);
    expect(overlaps).toBe(0);
    expect(passes).toBeGreaterThan(2);
  });
});
