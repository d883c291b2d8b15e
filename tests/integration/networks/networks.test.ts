import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as networkLoader, action as networkAction } from "~/routes/redes.$networkId";
import { action as loginAction } from "~/routes/ingresar";
import { createNetwork, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext, status } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = routeContext;


describe("network pages", () => {
  let ctx: Ctx;
  let ids: { a: string; b: string; c: string; netA: string; netB: string };
  let cookies: Record<"coordinator" | "member" | "foreign" | "dr" | "drOther", string>;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const a = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
    const b = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
    const c = await createOrganization(db, { comunaCode: "16303", name: "OMIL Ñiquén" });
    const z = await createOrganization(db, { comunaCode: "16101", name: "OMIL Chillán" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
    const drOther = await createOrganization(db, { kind: "direccion_regional", regionCode: "08", name: "DR Biobío" });
    const netA = await createNetwork(db, [a.id, b.id]);
    const netB = await createNetwork(db, [z.id]);
    ids = { a: a.id, b: b.id, c: c.id, netA: netA.id, netB: netB.id };
    cookies = {
      coordinator: (await signedInActor(db, a.id, "omil_lead")).cookie,
      member: (await signedInActor(db, b.id, "omil_staff")).cookie,
      foreign: (await signedInActor(db, z.id, "omil_lead")).cookie,
      dr: (await signedInActor(db, dr.id, "dr_staff")).cookie,
      drOther: (await signedInActor(db, drOther.id, "dr_staff")).cookie,
    };
  });
  afterAll(async () => ctx.close());

  const load = (cookie: string | undefined, id: string) =>
    networkLoader({ request: requestFor(`/redes/${id}`, { cookie }), params: { networkId: id }, context });

  it("shows the network to members and the region's DR", async () => {
    expect(await status(load(cookies.coordinator, ids.netA))).toBe(200);
    expect(await status(load(cookies.member, ids.netA))).toBe(200);
    expect(await status(load(cookies.dr, ids.netA))).toBe(200);
  });

  it("answers 404 to another network's office, another region's DR, and unknown ids", async () => {
    expect(await status(load(cookies.foreign, ids.netA))).toBe(404);
    expect(await status(load(cookies.drOther, ids.netA))).toBe(404);
    expect(await status(load(cookies.coordinator, "not-a-uuid"))).toBe(404);
    expect(await status(load(cookies.coordinator, "00000000-0000-4000-8000-000000000000"))).toBe(404);
  });

  it("sends anonymous visitors to the login page", async () => {
    const response = await load(undefined, ids.netA).catch((r: Response) => r);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("location")).toMatch(/^\/ingresar\?redirectTo=/);
  });

  it("lets the DR add a member and refuses a duplicate with a Spanish message", async () => {
    const add = (cookie: string) =>
      networkAction({ request: requestFor(`/redes/${ids.netA}`, { cookie, form: { intent: "add-member", organizationId: ids.c, joinedOn: "2026-03-01" } }), params: { networkId: ids.netA }, context });
    expect(await status(add(cookies.member))).toBe(403);
    expect(await status(add(cookies.dr))).toBe(302);
    const again = (await add(cookies.dr)) as Response;
    expect(again.status).toBe(400);
    const body = await again.json();
    expect(JSON.stringify(body)).toContain("ya es miembro");
  });

  it("rotates the coordinator keeping the history; only the coordinator or DR may", async () => {
    const rotate = (cookie: string, organizationId: string) =>
      networkAction({
        request: requestFor(`/redes/${ids.netA}`, { cookie, form: { intent: "rotate-coordinator", organizationId, year: "2027", startedOn: "2027-01-01", note: "Traspaso anual" } }),
        params: { networkId: ids.netA },
        context,
      });
    expect(await status(rotate(cookies.member, ids.b))).toBe(403);
    expect(await status(rotate(cookies.coordinator, ids.b))).toBe(302);
    const data = (await (await load(cookies.dr, ids.netA)).json()) as { detail: { coordinators: { organizationId: string; endedOn: string | null }[] } };
    expect(data.detail.coordinators).toHaveLength(2);
    expect(data.detail.coordinators.find((c) => c.endedOn === null)?.organizationId).toBe(ids.b);
    expect(data.detail.coordinators.find((c) => c.organizationId === ids.a)?.endedOn).toBe("2027-01-01");
  });

  it("keeps the typed email and says why when the password is wrong", async () => {
    const response = (await loginAction({ request: requestFor("/ingresar", { form: { email: "nadie@test.cl", password: "x" } }), params: {}, context })) as Response;
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.result.initialValue.email).toBe("nadie@test.cl");
    expect(body.result.error[""]).toEqual(["Correo o contraseña incorrectos."]);
  });
});
