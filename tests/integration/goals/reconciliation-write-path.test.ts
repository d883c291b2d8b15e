import { eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/auth/actor.server";
import { activities, activityHosts, activityResults, activityResultValues, activityTypes, goalEntries, goals, networks } from "~/db/schema";
import { hostsOf } from "~/features/activities/activities.server";
import { saveResults } from "~/features/activities/results.server";
import { goalsActivityHooks, syncAllActivityContributions } from "~/features/goals/activity-contributions.server";
import { saveGoal } from "~/features/goals/goals.server";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import { activityHooks } from "~/features/features.server";
import { action as activityAction } from "~/routes/actividades.$activityId._index";
import { loader as goalLoader } from "~/routes/redes.$networkId_.metas.$goalId._index";
import { loader as boardLoader } from "~/routes/redes.$networkId_.metas._index";
import { loader as exportLoader } from "~/routes/redes.$networkId_.metas.exportar";
import { loader as printLoader } from "~/routes/redes.$networkId_.metas.imprimir";
import { loader as regionLoader } from "~/routes/region._index";
import { createNetwork, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { responseOf } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };
const YEAR = 2026;

/**
 * Decision 0090: activity results reach goal_entries in the transaction that saves them; the
 * periodic job is a safety net; GET loaders (board, goal page, print, export, region) write nothing
 * but the export's audit event.
 */
describe("goal reconciliation in the write path", () => {
  let ctx: Ctx;
  let ids: { a: string; b: string; network: string; goal: string; fair: string };
  let cookies: { lead: string; dr: string };
  let leadUserId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    await loadGoalIndicators(db);
    await db.insert(activityTypes).values({ slug: "feria-laboral", label: "Feria laboral" }).onConflictDoNothing();
    const a = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
    const b = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
    const network = await createNetwork(db, [a.id, b.id], { name: "Red Punilla" });
    const [goal] = await db
      .insert(goals)
      .values({ networkId: network.id, year: YEAR, unit: "personas", periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31`, title: "Colocados", indicatorSlug: "colocados", target: 100 })
      .returning();
    const [fair] = await db
      .insert(activities)
      .values({ networkId: network.id, typeSlug: "feria-laboral", title: "Feria", startsAt: new Date(`${YEAR}-05-10T13:00:00Z`), endsAt: new Date(`${YEAR}-05-10T17:00:00Z`), modality: "presencial", status: "realizada" })
      .returning();
    await db.insert(activityHosts).values([
      { activityId: fair.id, organizationId: a.id, role: "host" },
      { activityId: fair.id, organizationId: b.id, role: "cohost" },
    ]);
    ids = { a: a.id, b: b.id, network: network.id, goal: goal.id, fair: fair.id };
    const lead = await signedInActor(db, a.id, "omil_lead");
    leadUserId = lead.userId;
    cookies = { lead: lead.cookie, dr: (await signedInActor(db, dr.id, "dr_staff")).cookie };
  });
  afterAll(async () => ctx.close());

  /** Rows of a raw query: PGlite and node-postgres both answer `{ rows }`. */
  const rowsOf = async <T,>(query: SQL) => ((await ctx.handle.db.execute(query)) as unknown as { rows: T[] }).rows;
  const entries = () => ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.goalId, ids.goal));
  const byOffice = async () => Object.fromEntries((await entries()).map((e) => [e.organizationId, e.value]));

  it("saving results through the activity page updates the goal entries before the redirect", async () => {
    const form = { intent: "results", [`colocados.${ids.a}`]: "8", [`colocados.${ids.b}`]: "4" };
    const response = await responseOf(activityAction({ request: requestFor(`/actividades/${ids.fair}`, { cookie: cookies.lead, form }), params: { activityId: ids.fair }, context }));
    expect(response.status).toBe(302);
    expect(await byOffice()).toEqual({ [ids.a]: 8, [ids.b]: 4 });
    expect((await entries()).every((e) => e.source === "activity" && e.status === "pending" && e.activityId === ids.fair)).toBe(true);
  });

  it("is atomic: when the transaction fails after the hook, neither results nor entries change", async () => {
    const db = ctx.handle.db;
    const [activity] = await db.select().from(activities).where(eq(activities.id, ids.fair));
    const hosts = (await hostsOf(db, [ids.fair])).get(ids.fair) ?? [];
    const failing = {
      async resultsSaved(tx: Parameters<typeof goalsActivityHooks.resultsSaved>[0], a: { id: string; networkId: string }) {
        await goalsActivityHooks.resultsSaved(tx, a);
        // The entries were rewritten inside the transaction…
        const [{ value }] = await tx.select({ value: goalEntries.value }).from(goalEntries).where(eq(goalEntries.organizationId, ids.a));
        expect(value).toBe(20);
        throw new Error("falla después de conciliar");
      },
    };
    await expect(saveResults(db, activity, hosts, { intent: "results", colocados: { [ids.a]: 20, [ids.b]: 0 } }, leadUserId, failing)).rejects.toThrow(
      "falla después de conciliar",
    );
    // …and rolled back with the results.
    expect(await byOffice()).toEqual({ [ids.a]: 8, [ids.b]: 4 });
    const values = await db.select().from(activityResultValues).where(eq(activityResultValues.activityId, ids.fair));
    expect(values.filter((v) => v.indicator === "colocados").map((v) => v.value).sort()).toEqual([4, 8]);
    const [results] = await db.select().from(activityResults).where(eq(activityResults.activityId, ids.fair));
    expect((results.data as unknown as { colocados: Record<string, number> }).colocados[ids.a]).toBe(8);

    // The composed hooks the portal uses: a changed value updates the entry in the same save.
    await saveResults(db, activity, hosts, { intent: "results", colocados: { [ids.a]: 10, [ids.b]: 0 } }, leadUserId, activityHooks);
    expect(await byOffice()).toEqual({ [ids.a]: 10 });
  });

  it("a new goal counts the results already recorded, in the transaction that creates it", async () => {
    const db = ctx.handle.db;
    const actor = (await loadActor(db, leadUserId))!;
    const [network] = await db.select().from(networks).where(eq(networks.id, ids.network));
    const goal = await saveGoal(
      db,
      network,
      null,
      {
        form: { title: "Ferias", indicatorSlug: "ferias-laborales", target: 3, year: YEAR, periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31`, splitMode: "none" } as never,
        manualShares: {},
      } as never,
      actor,
    );
    const derived = await db.select().from(goalEntries).where(eq(goalEntries.goalId, goal.id));
    expect(derived.map((e) => [e.organizationId, e.value, e.source])).toEqual([[null, 1, "activity"]]);
  });

  it("GET loaders write nothing (every table watched by a trigger); the periodic job still repairs drift", async () => {
    const db = ctx.handle.db;
    // Drift the loaders used to repair: a result row written behind the write path's back.
    await db.insert(activityResultValues).values({ activityId: ids.fair, networkId: ids.network, organizationId: ids.b, indicator: "colocados", value: 5, occurredOn: `${YEAR}-05-10` });

    await db.execute(sql`create table test_write_log (table_name text not null, op text not null)`);
    await db.execute(sql.raw(`create function test_note_write() returns trigger language plpgsql as $$
      begin insert into test_write_log values (tg_table_name, tg_op); return null; end $$`));
    const names = (await rowsOf<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' and tablename <> 'test_write_log'`)).map((r) => r.tablename);
    expect(names).toContain("goal_entries");
    for (const name of names) {
      await db.execute(sql.raw(`create trigger test_watch_${name} after insert or update or delete on "${name}" for each statement execute function test_note_write()`));
    }
    const writes = async () => {
      return (await rowsOf<{ table_name: string; op: string }>(sql`select table_name, op from test_write_log`)).map((r) => `${r.op} ${r.table_name}`);
    };
    // The probe works: a write is seen.
    await db.update(goals).set({ title: "Colocados" }).where(eq(goals.id, ids.goal));
    expect(await writes()).toEqual(["UPDATE goals"]);
    await db.execute(sql`delete from test_write_log`);

    const get = (path: string, cookie: string) => requestFor(path, { cookie });
    const base = `/redes/${ids.network}/metas`;
    const responses = [
      await responseOf(boardLoader({ request: get(`${base}?anio=${YEAR}`, cookies.lead), params: { networkId: ids.network }, context })),
      await responseOf(goalLoader({ request: get(`${base}/${ids.goal}`, cookies.lead), params: { networkId: ids.network, goalId: ids.goal }, context })),
      await responseOf(printLoader({ request: get(`${base}/imprimir?anio=${YEAR}`, cookies.lead), params: { networkId: ids.network }, context })),
      await responseOf(exportLoader({ request: get(`${base}/exportar?tipo=avances&anio=${YEAR}`, cookies.lead), params: { networkId: ids.network }, context })),
      await responseOf(regionLoader({ request: get(`/region?anio=${YEAR}`, cookies.dr), params: {}, context })),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // The CSV download is an export: its one audit event (decision 0140) is the only write.
    expect(await writes()).toEqual(["INSERT audit_events"]);
    expect(await byOffice()).toEqual({ [ids.a]: 10 });

    for (const name of names) await db.execute(sql.raw(`drop trigger test_watch_${name} on "${name}"`));
    await syncAllActivityContributions(db);
    expect(await byOffice()).toEqual({ [ids.a]: 10, [ids.b]: 5 });
  });
});
