import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityResultValues, activityTypes, goalEntries, goals, networks } from "~/db/schema";
import { syncActivityContributions } from "~/features/goals/activity-contributions.server";
import { buildNetworkBoard } from "~/features/goals/board.server";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import { seedGoals, SECOND_DEMO_NETWORK_NAME } from "~/features/goals/seed.server";
import type { DemoContext } from "~/features/seed/steps.server";
import { todayInChile } from "~/utils/dates";
import { createNetwork, createOrganization } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

describe("activity results feed goals once", () => {
  let ctx: Ctx;
  let a: { id: string };
  let b: { id: string };
  let network: typeof networks.$inferSelect;
  let goalId: string;
  let otherGoalId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    await loadGoalIndicators(db);
    await db.insert(activityTypes).values({ slug: "feria-laboral", label: "Feria laboral" }).onConflictDoNothing();
    a = await createOrganization(db, { comunaCode: "16301" });
    b = await createOrganization(db, { comunaCode: "16304" });
    network = await createNetwork(db, [a.id, b.id]);
    const period = { networkId: network.id, year: 2026, unit: "personas", periodStart: "2026-01-01", periodEnd: "2026-12-31" };
    [{ id: goalId }] = await db.insert(goals).values({ ...period, title: "Colocados", indicatorSlug: "colocados", target: 100 }).returning();
    [{ id: otherGoalId }] = await db.insert(goals).values({ ...period, title: "Ferias", indicatorSlug: "ferias-laborales", target: 3 }).returning();
  });
  afterAll(async () => ctx.close());

  async function activity(status: "realizada" | "programada") {
    const [row] = await ctx.handle.db
      .insert(activities)
      .values({ networkId: network.id, typeSlug: "feria-laboral", title: "Feria", startsAt: new Date("2026-05-10T13:00:00Z"), endsAt: new Date("2026-05-10T17:00:00Z"), modality: "presencial", status })
      .returning();
    return row.id;
  }
  /** What the activities feature does on every save: replace the activity's result rows. */
  async function saveResults(activityId: string, values: { organizationId: string | null; indicator: string; value: number; occurredOn?: string }[]) {
    const db = ctx.handle.db;
    await db.delete(activityResultValues).where(eq(activityResultValues.activityId, activityId));
    if (values.length) await db.insert(activityResultValues).values(values.map((v) => ({ activityId, networkId: network.id, occurredOn: "2026-05-10", ...v })));
  }
  const derived = (id = goalId) => ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.goalId, id));
  const sync = () => syncActivityContributions(ctx.handle.db, network.id);

  it("adds one pending entry per activity and office, linked to the activity, and never twice", async () => {
    const fair = await activity("realizada");
    await saveResults(fair, [
      { organizationId: a.id, indicator: "colocados", value: 8 },
      { organizationId: b.id, indicator: "colocados", value: 4 },
      { organizationId: null, indicator: "ferias-laborales", value: 1 },
      { organizationId: a.id, indicator: "personas-atendidas", value: 200 },
    ]);
    expect(await sync()).toEqual({ inserted: 3, updated: 0, deleted: 0 });
    expect(await sync()).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    // The activities feature saving the same results again (new row ids) changes nothing.
    await saveResults(fair, [
      { organizationId: a.id, indicator: "colocados", value: 8 },
      { organizationId: b.id, indicator: "colocados", value: 4 },
      { organizationId: null, indicator: "ferias-laborales", value: 1 },
    ]);
    expect(await sync()).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    const rows = await derived();
    expect(rows.map((r) => [r.organizationId, r.value, r.status, r.activityId, r.source]).sort()).toEqual(
      [
        [a.id, 8, "pending", fair, "activity"],
        [b.id, 4, "pending", fair, "activity"],
      ].sort(),
    );
    expect((await derived(otherGoalId))[0]).toMatchObject({ organizationId: null, value: 1 });
  });

  it("reconciles several networks at once without crediting one network's results to another", async () => {
    const db = ctx.handle.db;
    const c = await createOrganization(db, { comunaCode: "16101" });
    const neighbour = await createNetwork(db, [c.id]);
    const [foreignGoal] = await db
      .insert(goals)
      .values({ networkId: neighbour.id, year: 2026, unit: "personas", periodStart: "2026-01-01", periodEnd: "2026-12-31", title: "Colocados", indicatorSlug: "colocados", target: 50 })
      .returning();
    expect(await syncActivityContributions(db, [network.id, neighbour.id])).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(await derived(foreignGoal.id)).toHaveLength(0);
    expect(await derived()).toHaveLength(2);
  });

  it("follows edits (back to pending) and deletions of results, and ignores activities not realized", async () => {
    const db = ctx.handle.db;
    const [row] = (await derived()).filter((r) => r.organizationId === a.id);
    await db.update(goalEntries).set({ status: "validated" }).where(eq(goalEntries.id, row.id));
    const fairId = row.activityId!;
    await saveResults(fairId, [
      { organizationId: a.id, indicator: "colocados", value: 10 },
      { organizationId: null, indicator: "ferias-laborales", value: 1 },
    ]);
    expect(await sync()).toEqual({ inserted: 0, updated: 1, deleted: 1 });
    const [edited] = await derived();
    expect(edited).toMatchObject({ id: row.id, value: 10, status: "pending" });

    const planned = await activity("programada");
    await saveResults(planned, [{ organizationId: b.id, indicator: "colocados", value: 50 }]);
    expect((await sync()).inserted).toBe(0);

    await db.update(activities).set({ status: "cancelada" }).where(eq(activities.id, fairId));
    await sync();
    expect(await derived()).toHaveLength(0);
  });

  it("counts derived and typed entries together on the board, each once", async () => {
    const db = ctx.handle.db;
    await db.update(activities).set({ status: "realizada" }).where(eq(activities.networkId, network.id));
    await db.insert(goalEntries).values({ goalId, networkId: network.id, organizationId: b.id, value: 3, occurredOn: "2026-06-01", status: "validated" });
    // The status change above went around the write path: the safety-net pass brings it in.
    await sync();
    const board = await buildNetworkBoard(db, network, 2026, "2026-06-30");
    const colocados = board.find((g) => g.goal.id === goalId)!;
    // Typed 3 (validated) + realized activities: 10 (fair, office a) + 50 (now realized, office b), pending.
    expect(colocados.validated).toBe(3);
    expect(colocados.pending).toBe(60);
    await sync();
    expect((await derived()).filter((e) => e.source === "activity")).toHaveLength(2);
  });
});

describe("demo goals", () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await setupAppContext();
  });
  afterAll(async () => ctx.close());

  it("seeds both Ñuble networks idempotently, with pending entries and a goal at risk", async () => {
    const db = ctx.handle.db;
    const orgs = {
      nc: await createOrganization(db, { kind: "nivel_central", name: "NC" }),
      dr: await createOrganization(db, { kind: "direccion_regional", regionCode: "16" }),
      sanCarlos: await createOrganization(db, { comunaCode: "16301", category: "avanzada" }),
      sanFabian: await createOrganization(db, { comunaCode: "16304", category: "basica" }),
      niquen: await createOrganization(db, { comunaCode: "16303", category: "intermedia" }),
    };
    const network = await createNetwork(db, [orgs.sanCarlos.id, orgs.sanFabian.id, orgs.niquen.id], { name: "Red Territorial Punilla" });
    const year = Number(todayInChile().slice(0, 4));
    const demo: DemoContext = { db, network, organizations: orgs, coordinatorOrganizationId: orgs.sanCarlos.id, year, log: { info() {} } };
    // A fixed day, so the statuses do not depend on when the test runs.
    const today = `${year}-08-20`;
    await seedGoals(demo, today);
    await seedGoals(demo, today);
    const all = await db.select().from(goals);
    expect(all).toHaveLength(7);
    const [second] = await db.select().from(networks).where(eq(networks.name, SECOND_DEMO_NETWORK_NAME));
    expect(second).toBeDefined();
    const board = await buildNetworkBoard(db, network, year, today);
    expect(board.map((g) => g.goal.indicatorSlug).sort()).toEqual(["colocados", "contactos-empresas", "ferias-laborales", "talleres-apresto"]);
    expect(board.find((g) => g.goal.indicatorSlug === "contactos-empresas")?.pace.status).toBe("en_riesgo");
    expect(board.every((g) => g.pending > 0)).toBe(true);
    expect(board.find((g) => g.goal.indicatorSlug === "colocados")?.offices.filter((o) => o.behind)).toHaveLength(1);
    expect(board.filter((g) => g.pace.status === "a_tiempo")).toHaveLength(3);
    expect(board.every((g) => g.offices.length === 3)).toBe(true);
  });
});
