/*
 * `npx tsx bench/goals.ts`: how long the DR's regional view takes for a big
 * region, against a peer in the same run: one SQL GROUP BY that only sums
 * validated and pending per goal (the least work any implementation must do).
 * Ours also reconciles activity results with the goals' entries first, then
 * computes pace and status per goal. Region: 12 networks × 6 goals × 4 offices, weekly entries
 * (~12,000 entries) and 200 realized activities with results. In-memory PGlite.
 */
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { openDatabase, setDatabase } from "~/db/client.server";
import { activities, activityResultValues, activityTypes, comunas, goalEntries, goals, networkCoordinators, networkMembers, networks, organizations } from "~/db/schema";
import { loadEnv, setEnv } from "~/env.server";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import { buildRegionOverview } from "~/features/goals/region.server";
import { loadTerritory } from "~/features/territory/territory.server";

const NETWORKS = 12;
const OFFICES = 4;
const INDICATORS = ["colocados", "contactos-empresas", "talleres-apresto", "ferias-laborales", "personas-atendidas", "orientaciones-laborales"];
const RUNS = 15;
const YEAR = 2026;
const TODAY = "2026-10-15";

setEnv(loadEnv({ NODE_ENV: "production", DATA_DIR: os.tmpdir(), AUTH_SECRET: "bench-secret-that-is-long-enough-1234567" }));
const handle = await openDatabase({ memory: {} });
setDatabase(handle);
const db = handle.db;
await loadTerritory(db);
await loadGoalIndicators(db);
await db.insert(activityTypes).values({ slug: "feria-laboral", label: "Feria laboral" }).onConflictDoNothing();

const comunaCodes = (await db.select({ code: comunas.code }).from(comunas).where(eq(comunas.regionCode, "13")).orderBy(comunas.code)).map((r) => r.code);
let comunaIndex = 0;
for (let n = 0; n < NETWORKS; n++) {
  const [network] = await db.insert(networks).values({ name: `Red ${n + 1}`, regionCode: "13" }).returning();
  const offices = [];
  for (let o = 0; o < OFFICES; o++) {
    const [org] = await db
      .insert(organizations)
      .values({ kind: "omil", name: `OMIL ${n}-${o}`, comunaCode: comunaCodes[comunaIndex++], regionCode: "13", category: o === 0 ? "avanzada" : "basica" })
      .returning();
    offices.push(org);
    await db.insert(networkMembers).values({ networkId: network.id, organizationId: org.id, joinedOn: "2025-01-01" });
  }
  await db.insert(networkCoordinators).values({ networkId: network.id, organizationId: offices[0].id, year: YEAR, startedOn: "2026-01-01" });
  for (const indicator of INDICATORS) {
    const [goal] = await db
      .insert(goals)
      .values({ networkId: network.id, year: YEAR, title: indicator, indicatorSlug: indicator, unit: "u", target: 500, periodStart: "2026-01-01", periodEnd: "2026-12-31" })
      .returning();
    const rows = [];
    for (const office of offices) {
      for (let week = 0; week < 41; week++) {
        const day = new Date(Date.UTC(YEAR, 0, 1 + week * 7)).toISOString().slice(0, 10);
        rows.push({ goalId: goal.id, networkId: network.id, organizationId: office.id, value: 1 + (week % 4), occurredOn: day, status: week > 37 ? ("pending" as const) : ("validated" as const) });
      }
    }
    await db.insert(goalEntries).values(rows);
  }
  for (let a = 0; a < 200 / NETWORKS; a++) {
    const [activity] = await db
      .insert(activities)
      .values({ networkId: network.id, typeSlug: "feria-laboral", title: `Feria ${a}`, startsAt: new Date("2026-05-10T13:00:00Z"), endsAt: new Date("2026-05-10T17:00:00Z"), modality: "presencial", status: "realizada" })
      .returning();
    await db.insert(activityResultValues).values(offices.map((o) => ({ activityId: activity.id, networkId: network.id, organizationId: o.id, indicator: "colocados", value: 3, occurredOn: "2026-05-10" })));
  }
}
const [{ n: entryCount }] = await db.select({ n: sql<number>`count(*)::int` }).from(goalEntries);

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up (also the first reconciliation of activity results)
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => xs[Math.floor(xs.length * 0.9)];

const ours = await time(() => buildRegionOverview(db, "13", YEAR, TODAY));
const peer = await time(() =>
  db.execute(sql`
    select g.network_id, g.id, g.target,
      coalesce(sum(e.value) filter (where e.status = 'validated'), 0) as validated,
      coalesce(sum(e.value) filter (where e.status = 'pending'), 0) as pending
    from goals g left join goal_entries e on e.goal_id = g.id
    where g.network_id in (select id from networks where region_code = '13') and g.year = ${YEAR}
    group by g.network_id, g.id, g.target`),
);

console.log(`Regional view, ${NETWORKS} networks, ${NETWORKS * INDICATORS.length} goals, ${entryCount} entries (incl. activity-derived), ${RUNS} runs:`);
console.log(`  ours (reconcile + sums + pace):            median ${median(ours).toFixed(1)} ms, p90 ${p90(ours).toFixed(1)} ms`);
console.log(`  peer (one GROUP BY, sums only):            median ${median(peer).toFixed(1)} ms, p90 ${p90(peer).toFixed(1)} ms`);
await handle.close();
