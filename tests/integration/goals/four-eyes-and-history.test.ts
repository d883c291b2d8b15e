import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goalEntries } from "~/db/schema";
import { action as goalAction, loader as goalLoader } from "~/routes/redes.$networkId_.metas.$goalId._index";
import { action as newGoalAction } from "~/routes/redes.$networkId_.metas.nueva";
import { currentYearInChile } from "~/utils/dates";
import type { Actor } from "~/permissions/actor";
import { createNetwork, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { responseOf } from "../../setup/route-context";

/*
 * Four eyes (decision 0135): an office's goal entry is reviewed by someone
 * outside it — the coordinator for the other offices, the DR for the
 * coordinator's own. And the history of reviewed entries pages and filters
 * from the URL.
 */

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };
const year = currentYearInChile();

describe("goal entries: four eyes and a history that pages", () => {
  let ctx: Ctx;
  let ids: { a: string; b: string; netA: string };
  let people: Record<"coordinator" | "member" | "dr", { cookie: string; userId: string; actor: Actor }>;
  let goalId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const a = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
    const b = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
    const netA = await createNetwork(db, [a.id, b.id], { name: "Red Punilla" });
    ids = { a: a.id, b: b.id, netA: netA.id };
    people = {
      coordinator: await signedInActor(db, a.id, "omil_lead"),
      member: await signedInActor(db, b.id, "omil_staff"),
      dr: await signedInActor(db, dr.id, "dr_staff"),
    };
    const created = await responseOf(
      newGoalAction({
        request: requestFor(`/redes/${netA.id}/metas/nueva`, {
          cookie: people.coordinator.cookie,
          form: { title: "Personas colocadas", indicatorSlug: "colocados", target: "100", year: String(year), periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, splitMode: "none" },
        }),
        params: { networkId: netA.id },
        context,
      }),
    );
    expect(created.status).toBe(302);
    goalId = created.headers.get("location")!.split("/").pop()!;
  });
  afterAll(async () => ctx.close());

  const goalUrl = () => `/redes/${ids.netA}/metas/${goalId}`;
  const post = (cookie: string, form: Record<string, string>) => responseOf(goalAction({ request: requestFor(goalUrl(), { cookie, form }), params: { networkId: ids.netA, goalId }, context }));
  const entryById = async (id: string) => (await ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.id, id)))[0];
  const addEntry = async (cookie: string, note: string, occurredOn = `${year}-02-10`) => {
    expect((await post(cookie, { intent: "add-entry", value: "2", occurredOn, note })).status).toBe(302);
    return (await ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.note, note)))[0];
  };
  type Page = {
    pendingEntries: { id: string; canValidate: boolean }[];
    history: { rows: { id: string; occurredOn: string; status: string; organizationId: string | null }[]; total: number; page: number; pageCount: number };
  };
  const page = async (cookie: string, query = "") =>
    (await (await responseOf(goalLoader({ request: requestFor(`${goalUrl()}${query}`, { cookie }), params: { networkId: ids.netA, goalId }, context }))).json()) as Page;

  describe("four eyes", () => {
    it("refuses the coordinator validating its own office's entry, with a Spanish reason, and changes nothing", async () => {
      const own = await addEntry(people.coordinator.cookie, "Propia de la coordinadora");
      const refused = await post(people.coordinator.cookie, { intent: "validate-entry", entryId: own.id });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe("Un avance de tu propia OMIL debe revisarlo alguien de fuera de ella: lo valida la Dirección Regional.");
      expect(await entryById(own.id)).toMatchObject({ status: "pending", reviewedBy: null });
      // Rejecting is reviewing too.
      expect((await post(people.coordinator.cookie, { intent: "reject-entry", entryId: own.id, reviewNote: "No" })).status).toBe(403);
      // The page hides the buttons for it, and shows them to the DR.
      expect((await page(people.coordinator.cookie)).pendingEntries.find((e) => e.id === own.id)?.canValidate).toBe(false);
      expect((await page(people.dr.cookie)).pendingEntries.find((e) => e.id === own.id)?.canValidate).toBe(true);

      expect((await post(people.dr.cookie, { intent: "validate-entry", entryId: own.id })).status).toBe(302);
      expect(await entryById(own.id)).toMatchObject({ status: "validated", reviewedBy: people.dr.userId });
    });

    it("lets the coordinator validate another office's entry, and refuses that office itself", async () => {
      const other = await addEntry(people.member.cookie, "De San Fabián");
      expect((await post(people.member.cookie, { intent: "validate-entry", entryId: other.id })).status).toBe(403);
      expect((await page(people.coordinator.cookie)).pendingEntries.find((e) => e.id === other.id)?.canValidate).toBe(true);
      expect((await post(people.coordinator.cookie, { intent: "validate-entry", entryId: other.id })).status).toBe(302);
      expect(await entryById(other.id)).toMatchObject({ status: "validated", reviewedBy: people.coordinator.userId });
    });
  });

  describe("history", () => {
    it("pages 38 reviewed entries and filters them by office, status and month from the URL", async () => {
      const db = ctx.handle.db;
      await db.delete(goalEntries).where(eq(goalEntries.goalId, goalId));
      // 38 reviewed entries: San Fabián's in March (20 validated, 6 rejected), San Carlos's in April (12 validated).
      const rows = [
        ...Array.from({ length: 20 }, (_, i) => ({ organizationId: ids.b, status: "validated" as const, occurredOn: `${year}-03-${String(i + 1).padStart(2, "0")}` })),
        ...Array.from({ length: 6 }, (_, i) => ({ organizationId: ids.b, status: "rejected" as const, occurredOn: `${year}-03-${String(i + 21).padStart(2, "0")}` })),
        ...Array.from({ length: 12 }, (_, i) => ({ organizationId: ids.a, status: "validated" as const, occurredOn: `${year}-04-${String(i + 1).padStart(2, "0")}` })),
      ];
      await db.insert(goalEntries).values(rows.map((r) => ({ ...r, goalId, networkId: ids.netA, value: 1, source: "manual" as const, createdBy: people.member.userId })));

      const first = await page(people.member.cookie);
      expect(first.history).toMatchObject({ total: 38, page: 1, pageCount: 3 });
      expect(first.history.rows).toHaveLength(15);
      const third = await page(people.member.cookie, "?pagina=3");
      expect(third.history.rows).toHaveLength(8);
      // Past the end: the last page.
      expect((await page(people.member.cookie, "?pagina=99")).history.page).toBe(3);

      const rejected = await page(people.member.cookie, `?omil=${ids.b}&estado=rejected`);
      expect(rejected.history.total).toBe(6);
      expect(rejected.history.rows.every((r) => r.status === "rejected" && r.organizationId === ids.b)).toBe(true);
      const april = await page(people.member.cookie, `?mes=${year}-04`);
      expect(april.history.total).toBe(12);
      expect(april.history.rows.every((r) => r.occurredOn.startsWith(`${year}-04`) && r.organizationId === ids.a)).toBe(true);
      // Malformed filters are ignored, never an error.
      expect((await page(people.member.cookie, "?mes=abril&estado=x&pagina=-2")).history).toMatchObject({ total: 38, page: 1 });
    });
  });
});
