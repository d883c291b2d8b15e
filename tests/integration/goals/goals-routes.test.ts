import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goalEntries, goalIndicators, goals, goalShares, storedFiles } from "~/db/schema";
import { loader as boardLoader } from "~/routes/redes.$networkId_.metas._index";
import { action as goalAction, loader as goalLoader } from "~/routes/redes.$networkId_.metas.$goalId._index";
import { action as newGoalAction } from "~/routes/redes.$networkId_.metas.nueva";
import { action as editGoalAction } from "~/routes/redes.$networkId_.metas.$goalId.editar";
import { loader as evidenceLoader } from "~/routes/redes.$networkId_.metas.$goalId.respaldo.$entryId";
import { loader as exportLoader } from "~/routes/redes.$networkId_.metas.exportar";
import { loader as regionLoader } from "~/routes/region._index";
import { createNetwork, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { currentYearInChile } from "~/utils/dates";
import { responseOf } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };
const year = currentYearInChile();

/** A multipart request, as the browser sends the entry form with a file. */
function multipart(pathname: string, cookie: string, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type?: string }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("evidence", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }));
  return new Request(`http://localhost:3000${pathname}`, { method: "POST", headers: { cookie }, body });
}

describe("goal routes", () => {
  let ctx: Ctx;
  let ids: { a: string; b: string; c: string; netA: string; netB: string };
  let cookies: Record<"coordinator" | "member" | "foreign" | "dr" | "drOther" | "admin", string>;
  let goalId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const a = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos", category: "avanzada" });
    const b = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián", category: "basica" });
    const c = await createOrganization(db, { comunaCode: "16303", name: "OMIL Ñiquén", category: "intermedia" });
    const z = await createOrganization(db, { comunaCode: "16101", name: "OMIL Chillán" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
    const drOther = await createOrganization(db, { kind: "direccion_regional", regionCode: "08", name: "DR Biobío" });
    const nc = await createOrganization(db, { kind: "nivel_central", name: "Nivel Central" });
    const netA = await createNetwork(db, [a.id, b.id, c.id], { name: "Red Punilla" });
    const netB = await createNetwork(db, [z.id], { name: "Red Diguillín" });
    ids = { a: a.id, b: b.id, c: c.id, netA: netA.id, netB: netB.id };
    cookies = {
      coordinator: (await signedInActor(db, a.id, "omil_lead")).cookie,
      member: (await signedInActor(db, b.id, "omil_staff")).cookie,
      foreign: (await signedInActor(db, z.id, "omil_lead")).cookie,
      dr: (await signedInActor(db, dr.id, "dr_staff")).cookie,
      drOther: (await signedInActor(db, drOther.id, "dr_staff")).cookie,
      admin: (await signedInActor(db, nc.id, "nc_admin")).cookie,
    };
  });
  afterAll(async () => ctx.close());

  const goalForm = (over: Record<string, string> = {}) => ({
    title: "Personas colocadas",
    indicatorSlug: "colocados",
    target: "100",
    year: String(year),
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    splitMode: "none",
    ...over,
  });
  const createGoal = (cookie: string, form: Record<string, string>, networkId = ids.netA) =>
    responseOf(newGoalAction({ request: requestFor(`/redes/${networkId}/metas/nueva`, { cookie, form }), params: { networkId }, context }));
  const goalUrl = () => `/redes/${ids.netA}/metas/${goalId}`;
  const post = (cookie: string, form: Record<string, string>, file?: Parameters<typeof multipart>[3]) =>
    responseOf(goalAction({ request: multipart(goalUrl(), cookie, form, file), params: { networkId: ids.netA, goalId }, context }));
  const goalCount = async () => (await ctx.handle.db.select().from(goals)).length;
  const entryRows = () => ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.goalId, goalId));

  it("lets the coordinator create a goal with a weighted split that adds up", async () => {
    expect((await createGoal(cookies.member, goalForm())).status).toBe(403);
    expect((await createGoal(cookies.foreign, goalForm())).status).toBe(404);
    const created = await createGoal(cookies.coordinator, goalForm({ splitMode: "weighted", weightAvanzada: "3", weightIntermedia: "2", weightBasica: "1", target: "120" }));
    expect(created.status).toBe(302);
    goalId = created.headers.get("location")!.split("/").pop()!;
    const shares = await ctx.handle.db.select().from(goalShares).where(eq(goalShares.goalId, goalId));
    expect(Object.fromEntries(shares.map((s) => [s.organizationId, s.target]))).toEqual({ [ids.a]: 60, [ids.b]: 20, [ids.c]: 40 });
  });

  it("refuses bad goals with Spanish messages and saves nothing", async () => {
    const before = await goalCount();
    const cases: [Record<string, string>, RegExp][] = [
      [goalForm({ target: "-5" }), /No puede ser negativo/],
      [goalForm({ target: "muchos" }), /Escribe un número/],
      [goalForm({ splitMode: "manual", [`share.${ids.a}`]: "50", [`share.${ids.b}`]: "30", [`share.${ids.c}`]: "10" }), /La suma de las partes por OMIL \(90\) debe ser igual a la meta \(100\)/],
      [goalForm({ "plan[0]": "40", "plan[1]": "40" }), /El plan mensual suma 80 y debe sumar la meta \(100\)/],
      [goalForm({ periodEnd: `${year + 1}-03-01` }), /dentro del año/],
    ];
    for (const [form, message] of cases) {
      const response = await createGoal(cookies.coordinator, form);
      expect(response.status).toBe(400);
      const body = JSON.stringify(await response.json());
      expect(body).toMatch(message);
      // What was typed comes back to the form.
      expect(body).toContain("Personas colocadas");
    }
    expect(await goalCount()).toBe(before);
  });

  it("hides goals from other networks and other regions (404) and shows them to members and the DR", async () => {
    const load = (cookie: string, networkId = ids.netA) => responseOf(boardLoader({ request: requestFor(`/redes/${networkId}/metas`, { cookie }), params: { networkId }, context }));
    expect((await load(cookies.member)).status).toBe(200);
    expect((await load(cookies.dr)).status).toBe(200);
    expect((await load(cookies.foreign)).status).toBe(404);
    expect((await load(cookies.drOther)).status).toBe(404);
    // A goal id reached through another network is not found.
    const crossed = await responseOf(goalLoader({ request: requestFor(`/redes/${ids.netB}/metas/${goalId}`, { cookie: cookies.foreign }), params: { networkId: ids.netB, goalId }, context }));
    expect(crossed.status).toBe(404);
  });

  it("records an office's entry with a sniffed evidence file, and refuses bad input without saving", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const ok = await post(cookies.member, { intent: "add-entry", value: "12", occurredOn: `${year}-02-10`, note: "Colocaciones de febrero" }, { name: "nomina.pdf", bytes: pdf });
    expect(ok.status).toBe(302);
    const [entry] = await entryRows();
    expect(entry).toMatchObject({ organizationId: ids.b, value: 12, status: "pending", fileMime: "application/pdf", fileName: "nomina.pdf" });
    expect(entry.fileId).toEqual(expect.any(String));
    const download = await responseOf(
      evidenceLoader({ request: requestFor(`${goalUrl()}/respaldo/${entry.id}`, { cookie: cookies.dr }), params: { networkId: ids.netA, goalId, entryId: entry.id }, context }),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);

    const bad: [Record<string, string>, RegExp, Parameters<typeof multipart>[3]?][] = [
      [{ intent: "add-entry", value: "-3", occurredOn: `${year}-02-10` }, /No puede ser negativo/],
      [{ intent: "add-entry", value: "doce", occurredOn: `${year}-02-10` }, /Escribe un número/],
      [{ intent: "add-entry", value: "3", occurredOn: `${year + 1}-01-05` }, /dentro del período de la meta/],
      [{ intent: "add-entry", value: "3", occurredOn: `${year}-03-01` }, /supera el máximo de 10 MB/, { name: "grande.pdf", bytes: new Uint8Array(10 * 1024 * 1024 + 1) }],
      [{ intent: "add-entry", value: "3", occurredOn: `${year}-03-01` }, /«foto\.pdf» no es un PDF, una imagen.*su contenido es ELF/, { name: "foto.pdf", bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]) }],
    ];
    for (const [form, message, file] of bad) {
      const response = await post(cookies.member, form, file);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(message);
    }
    expect(await entryRows()).toHaveLength(1);
    // Only the accepted file was stored (in the database; nothing on this process's disk).
    expect(await ctx.handle.db.select({ id: storedFiles.id }).from(storedFiles)).toEqual([{ id: entry.fileId }]);
    expect(fs.existsSync(path.join(ctx.dataDir, "goal-evidence"))).toBe(false);
  });

  it("lets only the coordinator or the DR validate, and the board counts validated and pending apart", async () => {
    const [entry] = await entryRows();
    expect((await post(cookies.member, { intent: "validate-entry", entryId: entry.id })).status).toBe(403);
    expect((await post(cookies.admin, { intent: "validate-entry", entryId: entry.id })).status).toBe(403);
    await post(cookies.coordinator, { intent: "add-entry", value: "5", occurredOn: `${year}-03-01` });
    const board = async () => {
      const response = await responseOf(boardLoader({ request: requestFor(`/redes/${ids.netA}/metas`, { cookie: cookies.dr }), params: { networkId: ids.netA }, context }));
      return ((await response.json()) as { board: { validated: number; pending: number; offices: { organizationId: string; validated: number }[] }[] }).board[0];
    };
    expect(await board()).toMatchObject({ validated: 0, pending: 17 });
    expect((await post(cookies.coordinator, { intent: "validate-entry", entryId: entry.id })).status).toBe(302);
    const after = await board();
    expect(after).toMatchObject({ validated: 12, pending: 5 });
    expect(after.offices.find((o) => o.organizationId === ids.b)?.validated).toBe(12);
  });

  it("keeps each office to its own entries; reviewed entries are locked for the office", async () => {
    const rows = await entryRows();
    const validated = rows.find((r) => r.status === "validated")!;
    const coordinatorsEntry = rows.find((r) => r.organizationId === ids.a)!;
    expect((await post(cookies.member, { intent: "delete-entry", entryId: coordinatorsEntry.id })).status).toBe(403);
    expect((await post(cookies.member, { intent: "delete-entry", entryId: validated.id })).status).toBe(403);
    const reject = await post(cookies.dr, { intent: "reject-entry", entryId: coordinatorsEntry.id });
    expect(reject.status).toBe(400);
    expect(JSON.stringify(await reject.json())).toMatch(/motivo del rechazo/);
    expect((await post(cookies.dr, { intent: "reject-entry", entryId: coordinatorsEntry.id, reviewNote: "Falta respaldo" })).status).toBe(302);
  });

  it("lets an office correct its own pending entry, within the period, and no one else's", async () => {
    await post(cookies.member, { intent: "add-entry", value: "4", occurredOn: `${year}-04-02`, note: "Por corregir" });
    const mine = (await entryRows()).find((r) => r.note === "Por corregir")!;
    const edit = (cookie: string, over: Record<string, string> = {}) => post(cookie, { intent: "edit-entry", entryId: mine.id, value: "6", occurredOn: `${year}-04-03`, note: "Corregido", ...over });
    expect((await edit(cookies.coordinator)).status).toBe(403);
    const outside = await edit(cookies.member, { occurredOn: `${year - 1}-12-31` });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(await outside.json())).toMatch(/dentro del período/);
    expect((await edit(cookies.member)).status).toBe(302);
    expect((await entryRows()).find((r) => r.id === mine.id)).toMatchObject({ value: 6, occurredOn: `${year}-04-03`, note: "Corregido", status: "pending" });
    expect((await post(cookies.member, { intent: "delete-entry", entryId: mine.id })).status).toBe(302);
    expect((await entryRows()).some((r) => r.id === mine.id)).toBe(false);
  });

  it("lets the coordinator edit the goal; a period that leaves entries outside is refused", async () => {
    const edit = (cookie: string, form: Record<string, string>) =>
      responseOf(editGoalAction({ request: requestFor(`/redes/${ids.netA}/metas/${goalId}/editar`, { cookie, form }), params: { networkId: ids.netA, goalId }, context }));
    expect((await edit(cookies.member, goalForm())).status).toBe(403);
    const shrink = await edit(cookies.coordinator, goalForm({ periodStart: `${year}-06-01`, target: "120" }));
    expect(shrink.status).toBe(400);
    expect(JSON.stringify(await shrink.json())).toMatch(/fuera del nuevo período/);
    expect((await edit(cookies.coordinator, goalForm({ title: "Colocaciones 2.0", target: "150", splitMode: "equal" }))).status).toBe(302);
    const [row] = await ctx.handle.db.select().from(goals).where(eq(goals.id, goalId));
    expect(row).toMatchObject({ title: "Colocaciones 2.0", target: 150, categoryWeights: null });
    const shares = await ctx.handle.db.select().from(goalShares).where(eq(goalShares.goalId, goalId));
    expect(shares.map((s) => s.target).sort()).toEqual([50, 50, 50]);
  });

  it("adds a custom indicator to the taxonomy, and only the coordinator or DR deletes a goal", async () => {
    const created = await createGoal(cookies.dr, goalForm({ title: "Visitas a liceos técnicos", indicatorSlug: "otro", customIndicatorLabel: "Visitas a liceos", unit: "visitas", target: "8" }));
    expect(created.status).toBe(302);
    const customId = created.headers.get("location")!.split("/").pop()!;
    const [custom] = await ctx.handle.db.select().from(goals).where(eq(goals.id, customId));
    expect(custom).toMatchObject({ indicatorSlug: "otro-visitas-a-liceos", unit: "visitas" });
    const [indicator] = await ctx.handle.db.select().from(goalIndicators).where(eq(goalIndicators.slug, "otro-visitas-a-liceos"));
    expect(indicator).toMatchObject({ label: "Visitas a liceos", builtIn: false });
    const remove = (cookie: string) =>
      responseOf(goalAction({ request: requestFor(`/redes/${ids.netA}/metas/${customId}`, { cookie, form: { intent: "delete-goal" } }), params: { networkId: ids.netA, goalId: customId }, context }));
    expect((await remove(cookies.member)).status).toBe(403);
    expect((await remove(cookies.dr)).status).toBe(302);
    expect(await ctx.handle.db.select().from(goals).where(eq(goals.id, customId))).toHaveLength(0);
  });

  it("exports goals and entries as CSV for readers only", async () => {
    const get = (cookie: string, tipo: string) =>
      responseOf(exportLoader({ request: requestFor(`/redes/${ids.netA}/metas/exportar?tipo=${tipo}&anio=${year}`, { cookie }), params: { networkId: ids.netA }, context }));
    const goalsCsv = await (await get(cookies.member, "metas")).text();
    expect(goalsCsv).toContain("Meta;Indicador");
    expect(goalsCsv).toContain("Colocaciones 2.0;Personas colocadas;personas;150");
    const entriesCsv = await (await get(cookies.dr, "avances")).text();
    expect(entriesCsv).toContain("OMIL San Fabián");
    expect(entriesCsv).toContain("Validado");
    expect(entriesCsv).toContain("Rechazado");
    expect((await get(cookies.foreign, "avances")).status).toBe(404);
  });

  it("shows the DR every network of its region; offices cannot open the regional view", async () => {
    const load = (cookie: string) => responseOf(regionLoader({ request: requestFor(`/region?orden=nombre`, { cookie }), params: {}, context }));
    const response = await load(cookies.dr);
    expect(response.status).toBe(200);
    const data = (await response.json()) as { rows: { networkName: string; goalCount: number; averageProgress: number }[] };
    expect(data.rows.map((r) => r.networkName)).toEqual(["Red Diguillín", "Red Punilla"]);
    expect(data.rows[1].goalCount).toBe(1);
    expect(data.rows[0].goalCount).toBe(0);
    // 12 validated of 150: the rejected and deleted entries do not count.
    expect(data.rows[1].averageProgress).toBe(8);
    expect((await load(cookies.coordinator)).status).toBe(403);
    const other = (await (await load(cookies.drOther)).json()) as { rows: unknown[] };
    expect(other.rows).toEqual([]);
  });
});
