import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { emailOutbox, notificationDigests, notifications } from "~/db/schema";
import { createFileMailer, deliverPendingEmails } from "~/email/outbox.server";
import { latestPeriodEnd, periodStartFor, runDigests } from "~/notifications/digest.server";
import { notifyPerson } from "~/notifications/notify.server";
import { savePreferences } from "~/notifications/preferences.server";
import { createOrganization, createUser } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { testDatabaseKind } from "../../setup/db";
import { parseEml } from "../../setup/eml";

/*
 * Digests (app/notifications/digest.server.ts) on the real database: what goes
 * into a period's email, by category; exactly once with two workers (on
 * PostgreSQL two pools really run at once); and the message as written.
 */
type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

// Tuesday 8 December 2026, 09:00 in Chile (UTC−3 in summer): the daily period ended at 08:00 (11:00 UTC).
const NOW = new Date("2026-12-08T12:00:00Z");

describe(`notification digests (${testDatabaseKind()})`, () => {
  let ctx: Ctx;
  let other: DatabaseHandle;
  let ana: { id: string; email: string };
  let beto: { id: string; email: string };

  beforeAll(async () => {
    ctx = await setupAppContext();
    const handle = ctx.handle;
    other = handle.pgPool
      ? await openDatabase({ databaseUrl: (handle.pgPool as unknown as { options: { connectionString: string } }).options.connectionString, migrate: false })
      : handle;
    const org = await createOrganization(handle.db, { comunaCode: "16301" });
    ana = await createUser(handle.db, org.id, "omil_staff", { name: "Ana Pérez" });
    beto = await createUser(handle.db, org.id, "omil_staff", { name: "Beto Soto" });
    await savePreferences(handle.db, ana.id, { menciones: "diario", recordatorios: "inmediato", validaciones: "semanal", novedades: "ninguno" });
    // Beto takes daily digests but nothing happens to him.
    await savePreferences(handle.db, beto.id, { menciones: "diario", recordatorios: "diario", validaciones: "diario", novedades: "diario" });

    const notices = [
      { kind: "proposal_mention", title: "Carla lo mencionó en «Feria <Punilla>»", at: "2026-12-07T15:00:00Z" },
      { kind: "proposal_mention", title: "Mención del día anterior", at: "2026-12-06T15:00:00Z" },
      { kind: "activity_reminder", title: "Recordatorio: Reunión de red", at: "2026-12-07T16:00:00Z" },
      { kind: "goal_entry_validated", title: "Avance validado en «Colocados»", at: "2026-12-03T13:00:00Z" },
      { kind: "coordinator_rotation", title: "Cambio de coordinación", at: "2026-12-07T17:00:00Z" },
      { kind: "proposal_mention", title: "Mención ya leída", at: "2026-12-07T18:00:00Z" },
    ];
    for (const n of notices) {
      await handle.db.transaction((tx) => notifyPerson(tx, ana, { kind: n.kind, title: n.title, body: `Detalle de ${n.title}`, url: "/propuestas/x" }));
      await handle.db
        .update(notifications)
        .set({ createdAt: new Date(n.at), readAt: n.title === "Mención ya leída" ? new Date(n.at) : null })
        .where(and(eq(notifications.userId, ana.id), eq(notifications.title, n.title)));
    }
  });
  afterAll(async () => {
    if (other !== ctx.handle) await other.close();
    await ctx.close();
  });

  it("ends periods at 08:00 in Chile: daily every day, weekly on Mondays", () => {
    expect(latestPeriodEnd("diario", NOW).toISOString()).toBe("2026-12-08T11:00:00.000Z");
    expect(latestPeriodEnd("diario", new Date("2026-12-08T10:59:00Z")).toISOString()).toBe("2026-12-07T11:00:00.000Z");
    expect(latestPeriodEnd("semanal", NOW).toISOString()).toBe("2026-12-07T11:00:00.000Z");
    expect(periodStartFor("semanal", latestPeriodEnd("semanal", NOW)).toISOString()).toBe("2026-11-30T11:00:00.000Z");
    // Winter time (UTC−4): Monday 6 July 2026, 08:00 in Chile.
    expect(latestPeriodEnd("semanal", new Date("2026-07-08T12:00:00Z")).toISOString()).toBe("2026-07-06T12:00:00.000Z");
  });

  it("emails immediate categories at once and leaves digest and 'ninguno' categories for later (in-app always)", async () => {
    const mine = await ctx.handle.db.select().from(notifications).where(eq(notifications.userId, ana.id));
    expect(mine).toHaveLength(6);
    const queued = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, ana.email));
    expect(queued.map((e) => e.subject)).toEqual(["Recordatorio: Reunión de red"]);
    expect(mine.filter((n) => n.emailedAt).map((n) => n.title)).toEqual(["Recordatorio: Reunión de red"]);
  });

  it("builds each due digest exactly once with two workers, grouped by category, skipping what was emailed or read", async () => {
    const [one, two] = await Promise.all([runDigests(ctx.handle.db, NOW), runDigests(other.db, NOW)]);
    expect(one + two).toBe(2);
    const digests = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, ana.email));
    const daily = digests.find((e) => e.subject.startsWith("Resumen diario"))!;
    const weekly = digests.find((e) => e.subject.startsWith("Resumen semanal"))!;
    expect(digests).toHaveLength(3);
    expect(daily.subject).toBe("Resumen diario de Red OMIL: 1 notificación (8 de diciembre)");
    expect(daily.text).toContain("Menciones (1)");
    expect(daily.text).toContain("Carla lo mencionó en «Feria <Punilla>»");
    expect(daily.text).toContain("http://localhost:3000/propuestas/x");
    expect(daily.text).toContain("http://localhost:3000/notificaciones/preferencias");
    // Emailed at once, read in the app, outside the period, or a category without email: not in the digest.
    for (const absent of ["Recordatorio", "Mención ya leída", "Mención del día anterior", "Cambio de coordinación", "Avance validado"]) expect(daily.text).not.toContain(absent);
    expect(daily.html).toContain("Feria &lt;Punilla&gt;");
    expect(weekly.subject).toBe("Resumen semanal de Red OMIL: 1 notificación (semana al 7 de diciembre)");
    expect(weekly.text).toContain("Validaciones (1)");
    expect(weekly.text).toContain("Avance validado en «Colocados»");
    expect(weekly.text).not.toContain("Carla");

    // Beto had nothing new: his period is recorded, no email.
    const betoRows = await ctx.handle.db.select().from(notificationDigests).where(eq(notificationDigests.userId, beto.id));
    expect(betoRows.map((r) => [r.frequency, r.itemCount, r.emailId])).toEqual([["diario", 0, null]]);
    expect(await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, beto.email))).toHaveLength(0);

    // Again (a later tick, another process): nothing more.
    expect(await runDigests(other.db, new Date(NOW.getTime() + 60_000))).toBe(0);
    expect(await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, ana.email))).toHaveLength(3);
  });

  it("writes messages with Date, Message-ID on the portal's domain, MIME-Version, a text part and the HTML", async () => {
    const mailer = createFileMailer(ctx.dataDir, "Red OMIL <no-responder@redomil.cl>", "localhost", () => {});
    await deliverPendingEmails(ctx.handle.db, mailer, { holder: "prueba" });
    const dir = path.join(ctx.dataDir, "outbox");
    const parsed = fs.readdirSync(dir).map((f) => parseEml(fs.readFileSync(path.join(dir, f), "utf8")));
    const [daily] = parsed.filter((m) => m.headers.get("subject")?.includes("Resumen diario") || m.text.startsWith("Resumen diario"));
    expect(parsed.length).toBeGreaterThanOrEqual(3);
    for (const mail of parsed) {
      expect(new Date(mail.headers.get("date")!).getTime()).not.toBeNaN();
      expect(mail.headers.get("message-id")).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
      expect(mail.headers.get("mime-version")).toBe("1.0");
      expect(mail.text.length).toBeGreaterThan(0);
    }
    expect(daily.headers.get("content-type")).toMatch(/^multipart\/alternative/);
    expect(daily.text).toContain("Menciones (1)");
    expect(daily.html).toContain("Resumen diario de Red OMIL");
  });
});
