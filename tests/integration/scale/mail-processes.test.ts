import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { enqueueEmail } from "~/email/outbox.server";
import { createEmptyDatabase, ensureBuilt, redisPrefix, spawnPortal, startSmtpSink, waitFor, waitHealthy, type PortalProcess } from "./support";

/*
 * Issue 10, point 6: two portal processes on one PostgreSQL database, both
 * sending through the same slow SMTP relay (300 ms a message). Before the
 * claims, 40 resets gave 80 messages; now every queued message reaches the
 * relay exactly once. PostgreSQL only: PGlite allows one process.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const COUNT = 20;

describe.skipIf(!adminUrl)("mail through two portal processes (PostgreSQL only: skipped without TEST_DATABASE_URL, PGlite allows one process)", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let redis: ReturnType<typeof redisPrefix>;
  let portals: PortalProcess[] = [];
  let handle: DatabaseHandle;

  beforeAll(async () => {
    ensureBuilt();
    database = await createEmptyDatabase(adminUrl!, "scale_mail");
    sink = await startSmtpSink(300);
    redis = redisPrefix();
    const env = { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SEED_DEMO: "0" };
    portals = [await spawnPortal(database.url, redis.prefix, env), await spawnPortal(database.url, redis.prefix, env)];
    await Promise.all(portals.map((p) => waitHealthy(p)));
    handle = await openDatabase({ databaseUrl: database.url, migrate: false });
  }, 180_000);
  afterAll(async () => {
    await handle?.close();
    await Promise.all(portals.map((p) => p.stop()));
    await sink?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  it("delivers 20 queued emails exactly once", async () => {
    // Queued in one transaction, as a feature does: both workers see all 20 at once.
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < COUNT; i += 1) await enqueueEmail(tx, { to: `persona${i}@ejemplo.cl`, subject: `Mensaje ${i}`, text: `Hola ${i}` });
    });
    await waitFor(async () => (await handle.db.select().from(emailOutbox).where(eq(emailOutbox.status, "sent"))).length === COUNT, 45_000, "20 sent rows");
    // Give a duplicate (a second worker's pass) time to show up at the relay.
    await new Promise((r) => setTimeout(r, 3_000));

    const subjects = sink.messages.map((m) => m.subject).sort();
    expect(subjects).toHaveLength(COUNT);
    expect(new Set(subjects).size).toBe(COUNT);
    expect(new Set(subjects)).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => `Mensaje ${i}`)));

    const rows = await handle.db.select().from(emailOutbox);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    // Both processes took part (a batch of 10 takes 3 s at the relay; the other worker ticks every 2 s).
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(2);
  }, 120_000);
});
