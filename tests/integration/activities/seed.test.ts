import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityHosts, activityResultValues, agreements, meetingMinutes } from "~/db/schema";
import { seedActivities } from "~/features/activities/seed.server";
import type { DemoContext } from "~/features/seed/steps.server";
import { todayInChile } from "~/utils/dates";
import { createNetwork, createOrganization } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

describe("demo year of network life", () => {
  let ctx: Awaited<ReturnType<typeof setupAppContext>>;
  let demo: DemoContext;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const organizations = {
      nc: await createOrganization(db, { kind: "nivel_central", name: "SENCE Nivel Central" }),
      dr: await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" }),
      sanCarlos: await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos", category: "avanzada" }),
      sanFabian: await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián", category: "basica" }),
      niquen: await createOrganization(db, { comunaCode: "16303", name: "OMIL Ñiquén" }),
    };
    const network = await createNetwork(db, [organizations.sanCarlos.id, organizations.sanFabian.id, organizations.niquen.id], { name: "Red Territorial Punilla" });
    demo = { db, network, organizations, coordinatorOrganizationId: organizations.sanCarlos.id, year: Number(todayInChile().slice(0, 4)), log: { info: () => undefined } };
  });
  afterAll(async () => ctx.close());

  it("creates meetings with minutes and agreements, a briefing, a workshop and the co-hosted fair, once", async () => {
    await seedActivities(demo);
    await seedActivities(demo);
    const db = ctx.handle.db;
    const all = await db.select().from(activities).where(eq(activities.networkId, demo.network.id));
    const today = todayInChile();
    const pastMeetings = all.filter((a) => a.typeSlug === "reunion-red" && a.status === "realizada");
    expect(pastMeetings.length).toBeGreaterThanOrEqual(3);
    const minutes = await db.select().from(meetingMinutes);
    expect(minutes.filter((m) => m.text.includes("feria")).length).toBeGreaterThan(0);

    const open = await db.select().from(agreements).where(and(eq(agreements.networkId, demo.network.id), isNull(agreements.closedAt)));
    expect(open.some((a) => a.dueOn < today)).toBe(true); // some overdue
    const closed = (await db.select().from(agreements)).filter((a) => a.closedAt);
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((a) => a.closingNote.length > 0)).toBe(true);

    const fair = all.find((a) => a.typeSlug === "feria-laboral" && a.status === "programada")!;
    expect(fair.startsAt.getTime()).toBeGreaterThan(Date.now());
    expect(await db.select().from(activityHosts).where(eq(activityHosts.activityId, fair.id))).toHaveLength(3);

    const briefing = all.find((a) => a.typeSlug === "reunion-alcalde")!;
    expect((await db.select().from(agreements).where(eq(agreements.activityId, briefing.id))).length).toBe(2);

    const workshop = all.find((a) => a.typeSlug === "taller-apresto")!;
    const values = await db.select().from(activityResultValues).where(eq(activityResultValues.activityId, workshop.id));
    expect(values.find((v) => v.indicator === "talleres-apresto")?.value).toBe(1);
    expect(values.filter((v) => v.indicator === "personas-atendidas").reduce((sum, v) => sum + v.value, 0)).toBe(29);
  });
});
