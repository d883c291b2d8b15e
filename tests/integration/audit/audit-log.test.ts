import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "~/db/schema";
import { runWithAuditContext } from "~/features/audit/context.server";
import { recordAudit } from "~/features/audit/record.server";
import { loader as auditPageLoader } from "~/routes/auditoria._index";
import { loader as auditCsvLoader } from "~/routes/auditoria[.csv]";
import { createNetwork, createNubleWorld, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { responseOf, routeContext as context, status } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
type PageData = { events: { who: string; actionLabel: string; resource: string; network: string }[]; total: number; page: number; totalPages: number; errors: Record<string, string> };

describe("audit log: storage, scope, filters, CSV", () => {
  let ctx: Ctx;
  let world: Awaited<ReturnType<typeof createNubleWorld>>;
  let biobioNetworkId: string;
  const cookies: Record<string, string> = {};
  let drUserId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    world = await createNubleWorld(db);
    const biobioOmil = await createOrganization(db, { comunaCode: "08101", regionCode: "08", name: "OMIL Concepción" });
    biobioNetworkId = (await createNetwork(db, [biobioOmil.id], { regionCode: "08", name: "Red Biobío" })).id;
    const dr = await signedInActor(db, world.dr.id, "dr_staff");
    drUserId = dr.userId;
    cookies.dr = dr.cookie;
    cookies.nc = (await signedInActor(db, world.nc.id, "nc_admin")).cookie;
    cookies.lead = (await signedInActor(db, world.sanCarlos.id, "omil_lead")).cookie;
    cookies.staff = (await signedInActor(db, world.sanFabian.id, "omil_staff")).cookie;
    // 60 events in the Ñuble network (by the DR), 1 in Chillán's, 1 in Biobío's.
    for (let i = 0; i < 60; i++) {
      await recordAudit(db, { action: "network.updated", resource: { type: "network", id: world.network.id, label: `Cambio ${i}` }, networkId: world.network.id, actor: dr.actor });
    }
    await recordAudit(db, { action: "activity.created", resource: { type: "activity", id: "x", label: "Feria; \"grande\"\n=SUM(A1)" }, networkId: world.foreignNetwork.id, actor: null });
    await recordAudit(db, { action: "network.created", resource: { type: "network", id: biobioNetworkId, label: "Red Biobío" }, networkId: biobioNetworkId, actor: null });
  });
  afterAll(async () => ctx.close());

  const page = async (cookie: string, query = "") => {
    const response = await responseOf(auditPageLoader({ request: requestFor(`/auditoria${query}`, { cookie }), params: {}, context }));
    expect(response.status).toBe(200);
    return (await response.json()) as PageData;
  };

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const db = ctx.handle.db;
    // drizzle wraps the database error: its cause carries the trigger's message.
    const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message));
    expect(await refusal(db.execute(sql`update audit_events set action = 'x'`))).toMatch(/solo anexión: UPDATE/);
    expect(await refusal(db.execute(sql`delete from audit_events`))).toMatch(/solo anexión: DELETE/);
    expect(await refusal(db.execute(sql`truncate audit_events`))).toMatch(/solo anexión: TRUNCATE/);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(sql`action in ('network.updated','activity.created','network.created')`);
    expect(n).toBe(62);
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const db = ctx.handle.db;
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, { action: "goal.deleted", resource: { type: "goal", id: "g", label: "Meta" }, networkId: world.network.id, actor: null });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(sql`action = 'goal.deleted'`);
    expect(n).toBe(0);
  });

  it("takes the actor, request id and address from the request context when the call does not name them", async () => {
    const db = ctx.handle.db;
    await runWithAuditContext({ requestId: "req-123", ipAddress: "10.1.2.3", actor: { userId: "u-ctx", name: "Persona Contexto", organizationId: null } }, () =>
      recordAudit(db, { action: "goal.created", resource: { type: "goal", id: "g-ctx", label: "Meta ctx" }, networkId: world.network.id }),
    );
    const [row] = await db.select().from(auditEvents).where(sql`resource_id = 'g-ctx'`);
    expect(row).toMatchObject({ actorUserId: "u-ctx", actorName: "Persona Contexto", requestId: "req-123", ipAddress: "10.1.2.3", regionCode: "16" });
  });

  it("shows the DR only its region's events, Nivel Central all, and refuses OMIL roles with 403", async () => {
    const dr = await page(cookies.dr, "?accion=activity.created");
    expect(dr.total).toBe(1);
    expect((await page(cookies.dr, `?red=${biobioNetworkId}`)).total).toBe(0);
    expect((await page(cookies.nc, `?red=${biobioNetworkId}`)).total).toBe(1);
    for (const cookie of [cookies.lead, cookies.staff]) {
      expect(await status(auditPageLoader({ request: requestFor("/auditoria", { cookie }), params: {}, context }))).toBe(403);
      expect(await status(auditCsvLoader({ request: requestFor("/auditoria.csv", { cookie }), params: {}, context }))).toBe(403);
    }
  });

  it("filters by network, person, action and dates, and pages by 50", async () => {
    const byNetwork = await page(cookies.dr, `?red=${world.network.id}&accion=network.updated`);
    expect(byNetwork.total).toBe(60);
    expect(byNetwork.events).toHaveLength(50);
    expect(byNetwork.totalPages).toBe(2);
    expect(byNetwork.events[0]).toMatchObject({ actionLabel: "Red editada", resource: "Red: Cambio 59" });
    const second = await page(cookies.dr, `?red=${world.network.id}&accion=network.updated&pagina=2`);
    expect(second.page).toBe(2);
    expect(second.events).toHaveLength(10);
    expect((await page(cookies.dr, `?persona=${drUserId}&accion=network.updated`)).total).toBe(60);
    expect((await page(cookies.dr, `?persona=someone-else&accion=network.updated`)).total).toBe(0);
    expect((await page(cookies.dr, "?accion=network.updated&hasta=2000-01-01")).total).toBe(0);
    expect((await page(cookies.dr, "?accion=network.updated&desde=2000-01-01")).total).toBe(60);
  });

  it("drops an invalid filter with a Spanish message and keeps the others", async () => {
    const data = await page(cookies.dr, "?accion=network.updated&desde=31-12-2026&red=nope");
    expect(data.total).toBe(60);
    expect(data.errors.desde).toMatch(/fecha válida/);
    expect(data.errors.red).toMatch(/Elige una red/);
  });

  it("exports the filtered events as CSV with RFC 4180 quoting and audits the export", async () => {
    const response = await responseOf(auditCsvLoader({ request: requestFor("/auditoria.csv?accion=activity.created", { cookie: cookies.dr }), params: {}, context }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("Fecha y hora (Chile);Persona;Acción;Código de acción;Recurso;Red;Detalle;Dirección IP");
    // The label has ";", a quote and a line break: one quoted field, quotes doubled.
    expect(text).toContain(';Sistema;Actividad creada;activity.created;"Actividad: Feria; ""grande""\n=SUM(A1)";');
    expect(text.match(/activity\.created/g)).toHaveLength(1);
    const exported = await page(cookies.dr, "?accion=audit.exported");
    expect(exported.total).toBe(1);
    expect(exported.events[0].actionLabel).toBe("Registro de auditoría exportado");
  });
});
