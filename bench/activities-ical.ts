/*
 * `npx tsx bench/activities-ical.ts`: how long a DR's private iCal feed takes
 * for a busy region (12 networks × 150 activities, 2 hosts each = 1,800
 * events over ~15 months), against a peer in the same run: one bare SQL
 * select of the same rows plus a minimal hand-written VEVENT text (the least
 * work any implementation must do). Ours lists the activities with their
 * type, place and hosts, then builds the calendar with the `ics` package.
 * In-memory PGlite.
 */
import os from "node:os";
import { and, gte, inArray, lt } from "drizzle-orm";
import { openDatabase, setDatabase } from "~/db/client.server";
import { activities, activityHosts, networks, organizations } from "~/db/schema";
import { loadEnv, setEnv } from "~/env.server";
import { listCalendarActivities } from "~/features/activities/calendar.server";
import { buildCalendar } from "~/features/activities/ical.server";
import { ensureActivityTypes } from "~/features/activities/taxonomy.server";
import { loadTerritory } from "~/features/territory/territory.server";

const NETWORKS = 12;
const PER_NETWORK = 150;
const RUNS = 15;

setEnv(loadEnv({ NODE_ENV: "production", DATA_DIR: os.tmpdir(), AUTH_SECRET: "bench-secret-that-is-long-enough-1234567" }));
const handle = await openDatabase({ memory: {} });
setDatabase(handle);
const db = handle.db;
await loadTerritory(db);
await ensureActivityTypes(db);

const start = Date.parse("2026-01-05T13:00:00Z");
const networkIds: string[] = [];
for (let n = 0; n < NETWORKS; n++) {
  const [network] = await db.insert(networks).values({ name: `Red ${n + 1}`, regionCode: "13" }).returning();
  networkIds.push(network.id);
  const orgs = await db
    .insert(organizations)
    .values([0, 1].map((o) => ({ kind: "omil" as const, name: `OMIL ${n}-${o}`, regionCode: "13" })))
    .returning();
  const rows = await db
    .insert(activities)
    .values(
      Array.from({ length: PER_NETWORK }, (_, i) => ({
        networkId: network.id,
        typeSlug: i % 3 === 0 ? "feria-laboral" : "reunion-red",
        title: `Actividad ${n}-${i}`,
        startsAt: new Date(start + i * 3 * 24 * 3600_000),
        endsAt: new Date(start + i * 3 * 24 * 3600_000 + 2 * 3600_000),
        modality: "hibrida" as const,
        address: "Sala municipal",
        onlineUrl: "https://meet.example.cl/x",
        status: "programada" as const,
      })),
    )
    .returning({ id: activities.id });
  await db.insert(activityHosts).values(rows.flatMap((r) => orgs.map((o, k) => ({ activityId: r.id, organizationId: o.id, role: k === 0 ? ("host" as const) : ("cohost" as const) }))));
}
const from = new Date(start - 24 * 3600_000);
const to = new Date(start + 500 * 24 * 3600_000);

async function ours() {
  const entries = await listCalendarActivities(db, { networkIds, from, to, excludeDrafts: true });
  return buildCalendar(entries, { baseUrl: "https://redomil.example", name: "Región" });
}

async function peer() {
  const rows = await db
    .select({ id: activities.id, title: activities.title, startsAt: activities.startsAt, endsAt: activities.endsAt })
    .from(activities)
    .where(and(inArray(activities.networkId, networkIds), lt(activities.startsAt, to), gte(activities.endsAt, from)));
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return ["BEGIN:VCALENDAR", "VERSION:2.0", ...rows.flatMap((r) => ["BEGIN:VEVENT", `UID:${r.id}`, `DTSTART:${stamp(r.startsAt)}`, `DTEND:${stamp(r.endsAt)}`, `SUMMARY:${r.title}`, "END:VEVENT"]), "END:VCALENDAR"].join("\r\n");
}

async function measure(name: string, fn: () => Promise<string>) {
  await fn();
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    size = (await fn()).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(6)} median ${times[Math.floor(RUNS / 2)].toFixed(1)} ms · p95 ${times[Math.floor(RUNS * 0.95)].toFixed(1)} ms · ${(size / 1024).toFixed(0)} KB`);
}

console.log(`Feed of ${NETWORKS * PER_NETWORK} events (${RUNS} runs each, ${os.cpus().length} cores)`);
await measure("peer", peer);
await measure("ours", ours);
await measure("query", async () => JSON.stringify(await listCalendarActivities(db, { networkIds, from, to, excludeDrafts: true })));
await handle.close();
