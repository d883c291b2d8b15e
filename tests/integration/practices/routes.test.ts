import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { practiceComments, practiceSearchOutbox, practices, practiceTaxonomyTerms } from "~/db/schema";
import { answerPracticesApi } from "~/features/practices/search/api.server";
import { DEMO_PRACTICES_DIR } from "~/features/practices/seed.server";
import { loader as docxLoader } from "~/routes/buenas-practicas.$slug.docx";
import { action as editAction, loader as editLoader } from "~/routes/buenas-practicas.$slug.editar";
import { loader as historyLoader } from "~/routes/buenas-practicas.$slug.historial";
import { loader as practiceLoader } from "~/routes/buenas-practicas.$slug._index";
import { loader as searchLoader } from "~/routes/buenas-practicas._index";
import { action as importAction } from "~/routes/buenas-practicas.importar";
import { action as taxonomyAction } from "~/routes/buenas-practicas.clasificaciones";
import { action as newAction } from "~/routes/buenas-practicas.nueva";
import { setSearch } from "~/search/client.server";
import { createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { importDemoLibrary } from "./support";
import { responseOf } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };

function upload(pathname: string, cookie: string, field: string, bytes: Uint8Array<ArrayBuffer>, filename: string, extra: Record<string, string> = {}) {
  const body = new FormData();
  body.append(field, new File([new Uint8Array(bytes)], filename));
  for (const [k, v] of Object.entries(extra)) body.append(k, v);
  return new Request(`http://localhost:3000${pathname}`, { method: "POST", headers: { cookie }, body });
}

describe("practice routes", () => {
  let ctx: Ctx;
  let cookies: Record<"omil" | "otherOmil" | "dr" | "otherDr" | "nc", string>;

  beforeAll(async () => {
    ctx = await setupAppContext();
    // No search engine in this file: pages use the database listing (the degraded path).
    setSearch({ status: "disabled", reason: "test" });
    const db = ctx.handle.db;
    const omil = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
    const otherOmil = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
    const otherDr = await createOrganization(db, { kind: "direccion_regional", regionCode: "08", name: "DR Biobío" });
    const nc = await createOrganization(db, { kind: "nivel_central", name: "SENCE Nivel Central" });
    await importDemoLibrary(db, null);
    cookies = {
      omil: (await signedInActor(db, omil.id, "omil_staff")).cookie,
      otherOmil: (await signedInActor(db, otherOmil.id, "omil_lead")).cookie,
      dr: (await signedInActor(db, dr.id, "dr_staff")).cookie,
      otherDr: (await signedInActor(db, otherDr.id, "dr_staff")).cookie,
      nc: (await signedInActor(db, nc.id, "nc_admin")).cookie,
    };
  });
  afterAll(async () => {
    setSearch(undefined);
    await ctx.close();
  });

  const page = (slug: string, cookie?: string) => responseOf(practiceLoader({ request: requestFor(`/buenas-practicas/${slug}`, { cookie }), params: { slug }, context }));
  const edit = (slug: string, cookie: string, form: Record<string, string | string[]>) =>
    responseOf(editAction({ request: requestFor(`/buenas-practicas/${slug}/editar`, { cookie, form }), params: { slug }, context }));

  it("lists published practices to anonymous visitors, with a degraded notice when the engine is off", async () => {
    const response = await responseOf(searchLoader({ request: requestFor("/buenas-practicas?q=alcaldes&ambito=desconocido"), params: {}, context }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.result.degraded).toBe(true);
    expect(data.result.hits.length).toBeGreaterThan(0);
    expect(data.result.hits[0].title.toLowerCase()).toContain("alcalde");
  });

  it("serves /api/practicas in the documented shape", async () => {
    const { body, headers } = await answerPracticesApi(new URL("http://localhost/api/practicas?q=feria&page=1"));
    expect(headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(headers["X-Search-Degraded"]).toMatch(/^[01]$/);
    expect(headers["Server-Timing"]).toMatch(/route;dur=[\d.]+$/);
    expect(Object.keys(body).sort()).toEqual(["facets", "hits", "notices", "page", "pageSize", "total", "totalPages"]);
    expect(body).toMatchObject({ page: 1, pageSize: 10 });
    expect(body.totalPages).toBe(Math.max(1, Math.ceil(body.total / 10)));
    expect(body.total).toBeGreaterThan(0);
    expect(Object.keys(body.hits[0]).sort()).toEqual(["ambitos", "beneficiarios", "organization", "region", "slug", "snippet", "title", "url", "year"]);
    expect(body.hits[0].url).toMatch(/^http:\/\/localhost:3000\/buenas-practicas\//);
  });

  it("runs the workflow: OMIL drafts and submits, only the region's DR publishes, then it is public", async () => {
    const created = await responseOf(newAction({ request: requestFor("/buenas-practicas/nueva", { cookie: cookies.omil, form: { title: "Café laboral en la plaza" } }), params: {}, context }));
    expect(created.status).toBe(302);
    const slug = created.headers.get("location")!.split("/")[2];
    expect(slug).toBe("cafe-laboral-en-la-plaza");

    expect((await page(slug)).status).toBe(404);
    expect((await page(slug, cookies.otherOmil)).status).toBe(404);
    expect((await page(slug, cookies.otherDr)).status).toBe(404);
    expect((await page(slug, cookies.omil)).status).toBe(200);

    const saved = await edit(slug, cookies.omil, {
      intent: "save",
      title: "Café laboral en la plaza de armas",
      organizationName: "OMIL San Carlos",
      regionCode: "16",
      year: "2026",
      ambitos: ["nuevos-canales", "no-existe"],
      effectiveness: "Atendimos a **40 personas** en dos mañanas.\n\n- Sin filas\n- Con café",
      htmlFields: [],
    });
    expect(saved.status).toBe(302);
    const [row] = await ctx.handle.db.select().from(practices).where(eq(practices.slug, slug));
    expect(row.ambitos).toEqual(["nuevos-canales"]);
    expect(row.content.effectiveness.html).toContain("<strong>40 personas</strong>");
    expect(row.content.effectiveness.html).toMatch(/<ul><li>(<p>)?Sin filas/);

    expect((await edit(slug, cookies.omil, { intent: "publish" })).status).toBe(403);
    expect((await edit(slug, cookies.omil, { intent: "submit" })).status).toBe(302);
    expect((await edit(slug, cookies.otherDr, { intent: "publish" })).status).toBe(404);
    const returned = await edit(slug, cookies.dr, { intent: "return", body: "" });
    expect(returned.status).toBe(400);
    expect((await edit(slug, cookies.dr, { intent: "publish", body: "Muy buena" })).status).toBe(302);
    expect((await page(slug)).status).toBe(200);
    // Published text changes only through the reviewer, and each save is a new revision.
    expect((await edit(slug, cookies.omil, { intent: "save", title: "Otro título" })).status).toBe(403);
  });

  it("sanitizes editor HTML and keeps the history readable", async () => {
    // The slug stays the one given at creation even after the title changes, so links keep working.
    const slug = "cafe-laboral-en-la-plaza";
    const saved = await edit(slug, cookies.dr, {
      intent: "save",
      title: "Café laboral en la plaza de armas",
      regionCode: "16",
      effectiveness: '<p onclick="x()">Atendimos a <b>60 personas</b><script>alert(1)</script><img src=x onerror=alert(1)></p>',
      htmlFields: ["effectiveness"],
    });
    expect(saved.status).toBe(302);
    const [after] = await ctx.handle.db.select().from(practices).where(eq(practices.slug, slug));
    expect(after.content.effectiveness.html).toBe("<p>Atendimos a <strong>60 personas</strong></p>");
    expect(after.content.effectiveness.text).toBe("Atendimos a **60 personas**");
    const history = await (await responseOf(historyLoader({ request: requestFor(`/buenas-practicas/${slug}/historial`, { cookie: cookies.dr }), params: { slug }, context }))).json();
    expect(history.history[0].changes.some((c: { label: string }) => c.label === "Efectividad")).toBe(true);
    expect(JSON.stringify(history.history[0].changes)).toContain("60");
    expect((await responseOf(historyLoader({ request: requestFor(`/buenas-practicas/${slug}/historial`, { cookie: cookies.otherOmil }), params: { slug }, context }))).status).toBe(404);
  });

  it("autosaves drafts without a redirect", async () => {
    const created = await responseOf(newAction({ request: requestFor("/buenas-practicas/nueva", { cookie: cookies.omil, form: { title: "Borrador autoguardado" } }), params: {}, context }));
    const slug = created.headers.get("location")!.split("/")[2];
    const response = await edit(slug, cookies.omil, { intent: "autosave", title: "Borrador autoguardado", origin: "Texto a medio escribir" });
    expect(response.status).toBe(200);
    expect((await response.json()).savedAt).toMatch(/^\d{2}:\d{2}$/);
    const loaded = await (await responseOf(editLoader({ request: requestFor(`/buenas-practicas/${slug}/editar`, { cookie: cookies.omil }), params: { slug }, context }))).json();
    expect(loaded.values.text.origin).toBe("Texto a medio escribir");
  });

  it("imports a document into a draft and refuses oversized or disguised files with a reason", async () => {
    const text = fs.readFileSync(path.join(DEMO_PRACTICES_DIR, "03-mesa-territorial-punilla.md"), "utf8").replace(/^slug: .*$/m, "slug: punilla-importada");
    const ok = await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", new TextEncoder().encode(text), "punilla.md"), params: {}, context }));
    expect(ok.status).toBe(200);
    const summary = await ok.json();
    expect(summary.imported.slug).toBe("punilla-importada");
    // The same write-up is already in the library: a warning that links to it.
    expect(summary.duplicates.map((d: { slug: string }) => d.slug)).toContain("mesa-territorial-san-carlos-san-fabian-niquen");
    expect(summary.warnings.join(" ")).toMatch(/Ya existe una práctica con mismo título y mismo texto.*\/buenas-practicas\/mesa-territorial-san-carlos-san-fabian-niquen/);
    const [draft] = await ctx.handle.db.select().from(practices).where(eq(practices.slug, "punilla-importada"));
    expect(draft.status).toBe("draft");
    expect(draft.ambitos.length).toBeGreaterThan(0);

    const big = new Uint8Array(10 * 1024 * 1024 + 10).fill(0x61);
    const tooBig = await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", big, "grande.txt"), params: {}, context }));
    expect([400, 413]).toContain(tooBig.status);
    expect((await tooBig.json()).error).toMatch(/10 MB/);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    const disguised = await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", png, "practica.docx"), params: {}, context }));
    expect(disguised.status).toBe(400);
    expect((await disguised.json()).error).toMatch(/no es un documento|imagen|PNG/i);

    const stray = await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", new TextEncoder().encode("Acta de reunión\n\nSe conversó sobre la feria."), "acta.txt"), params: {}, context }));
    expect(stray.status).toBe(200);
    const strayBody = await stray.json();
    const straySlug = strayBody.imported.slug;
    // No region in the text: "sin región" with a warning (never the importer's own region).
    expect(strayBody.regionCode).toBeNull();
    expect(strayBody.warnings.join(" ")).toMatch(/sin región/);
    const [strayRow] = await ctx.handle.db.select().from(practices).where(eq(practices.slug, straySlug));
    expect(strayRow.content.unclassified.text).toContain("Se conversó sobre la feria.");
    const warnings = await ctx.handle.db.select().from(practiceComments).where(eq(practiceComments.practiceId, strayRow.id));
    expect(warnings[0].body).toMatch(/no sigue la plantilla/);
  });

  it("reads region, comunas and year from the text, shows why, and asks when two regions compete", async () => {
    const clear = "Título: Feria en Valdivia\n\nEfectividad\n\nLa OMIL de Valdivia y la de Paillaco hicieron la feria en octubre de 2022 en la Región de Los Ríos.\n\nImpacto\n\nMás colocaciones.";
    const one = await (await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", new TextEncoder().encode(clear), "feria.txt"), params: {}, context }))).json();
    expect(one.regionCode).toBe("14");
    expect(one.regionChoices).toEqual([]);
    const byField = Object.fromEntries(one.inferences.map((i: { field: string; value: string; reason: string }) => [i.field, i]));
    expect(byField.region.value).toBe("Región de Los Ríos");
    expect(byField.region.reason).toMatch(/Región de Los Ríos/);
    expect(byField.comunas.value).toMatch(/Valdivia/);
    expect(byField.year.value).toBe("2022");

    const mixed = "Título: Intercambio entre regiones\n\nEfectividad\n\nLa Dirección Regional de Valparaíso visitó a la Dirección Regional del Maule.\n\nImpacto\n\nSe compartieron materiales.";
    const two = await (await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", new TextEncoder().encode(mixed), "mixta.txt"), params: {}, context }))).json();
    expect(two.regionChoices.map((r: { code: string }) => r.code).sort()).toEqual(["05", "07"]);
    const answer = await responseOf(
      importAction({ request: requestFor("/buenas-practicas/importar", { cookie: cookies.omil, form: { intent: "region", slug: two.imported.slug, region: "07" } }), params: {}, context }),
    );
    expect(answer.status).toBe(302);
    const [row] = await ctx.handle.db.select().from(practices).where(eq(practices.slug, two.imported.slug));
    expect(row.regionCode).toBe("07");
  });

  it("on the answer to «¿de qué región es?» keeps the comunas of the region chosen that the text names", async () => {
    const text = "Título: Mesa macrozonal sur\n\nEfectividad\n\nLa Región de Los Ríos y la Región de Los Lagos reunieron a la OMIL de Valdivia y a la OMIL de Osorno en 2020.";
    const read = await (await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookies.omil, "document", new TextEncoder().encode(text), "macrozona.txt"), params: {}, context }))).json();
    expect(read.regionChoices.map((r: { code: string }) => r.code).sort()).toEqual(["10", "14"]);
    const answer = await responseOf(
      importAction({ request: requestFor("/buenas-practicas/importar", { cookie: cookies.omil, form: { intent: "region", slug: read.imported.slug, region: "10" } }), params: {}, context }),
    );
    expect(answer.status).toBe(302);
    const [row] = await ctx.handle.db.select().from(practices).where(eq(practices.slug, read.imported.slug));
    expect(row.regionCode).toBe("10");
    // Osorno (Los Lagos) in, Valdivia (Los Ríos) out.
    expect(row.comunaCodes).toEqual(["10301"]);
  });

  it("links a duplicate only when the importer may open it; another office's draft is only mentioned", async () => {
    const text = "Título: Bolsa de empleo juvenil de Castro\n\nEfectividad\n\nLa OMIL de Castro, en la Región de Los Lagos, abrió en 2024 una bolsa de empleo para jóvenes con las empresas acuícolas.";
    const importAs = async (cookie: string) =>
      (await responseOf(importAction({ request: upload("/buenas-practicas/importar", cookie, "document", new TextEncoder().encode(text), "castro.txt"), params: {}, context }))).json();
    const first = await importAs(cookies.omil);
    expect(first.duplicates).toEqual([]);
    // Biobío's DR cannot open a draft of San Carlos (Ñuble): no link, no title, a warning that one exists.
    const other = await importAs(cookies.otherDr);
    expect(other.duplicates).toEqual([]);
    expect(other.warnings.join(" ")).toMatch(/Otra oficina tiene un borrador con el mismo título o texto/);
    expect(other.warnings.join(" ")).not.toContain(first.imported.slug);
    expect((await page(first.imported.slug, cookies.otherDr)).status).toBe(404);
    // San Carlos importing it again gets the link to its own draft, which opens.
    const again = await importAs(cookies.omil);
    expect(again.duplicates.map((d: { slug: string }) => d.slug)).toContain(first.imported.slug);
    expect((await page(first.imported.slug, cookies.omil)).status).toBe(200);
  });

  it("accepts PDF attachments by content and refuses a disguised one", async () => {
    const slug = "punilla-importada";
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const okResponse = await responseOf(editAction({ request: upload(`/buenas-practicas/${slug}/editar`, cookies.omil, "attachment", pdf, "informe.pdf", { intent: "attach" }), params: { slug }, context }));
    expect(okResponse.status).toBe(302);
    const fake = new TextEncoder().encode("esto no es un pdf");
    const bad = await responseOf(editAction({ request: upload(`/buenas-practicas/${slug}/editar`, cookies.omil, "attachment", fake, "informe.pdf", { intent: "attach" }), params: { slug }, context }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/no es un PDF/);
  });

  it("offers a published practice as DOCX", async () => {
    const response = await responseOf(docxLoader({ request: requestFor("/buenas-practicas/ruta-alcaldes-nuble/docx"), params: { slug: "ruta-alcaldes-nuble" }, context }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("wordprocessingml");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe("PK");
  });

  it("lists similar practices on a practice page", async () => {
    const data = await (await page("ruta-alcaldes-nuble")).json();
    expect(data.similar.length).toBeGreaterThan(0);
    expect(data.canEdit).toBe(false);
  });

  it("shows drafts only to those allowed when searching drafts", async () => {
    const mine = await (await responseOf(searchLoader({ request: requestFor("/buenas-practicas?alcance=borradores", { cookie: cookies.omil }), params: {}, context }))).json();
    expect(mine.drafts).toBe(true);
    expect(mine.result.hits.length).toBeGreaterThan(0);
    expect(mine.result.hits.every((h: { status: string }) => h.status === "draft" || h.status === "in_review")).toBe(true);
    const other = await (await responseOf(searchLoader({ request: requestFor("/buenas-practicas?alcance=borradores", { cookie: cookies.otherOmil }), params: {}, context }))).json();
    expect(other.result.total).toBe(0);
    const anonymous = await (await responseOf(searchLoader({ request: requestFor("/buenas-practicas?alcance=borradores&q=autoguardado"), params: {}, context }))).json();
    expect(anonymous.drafts).toBe(false);
    expect(anonymous.result.total).toBe(0);
  });

  it("lets only Nivel Central edit the taxonomies; a rename re-queues the practices that use the term", async () => {
    const db = ctx.handle.db;
    const form = { intent: "rename", taxonomy: "ambitos", slug: "nuevos-canales", label: "Incorporación de canales nuevos de atención" };
    expect((await responseOf(taxonomyAction({ request: requestFor("/buenas-practicas/clasificaciones", { cookie: cookies.dr, form }), params: {}, context }))).status).toBe(403);
    await db.delete(practiceSearchOutbox);
    expect((await responseOf(taxonomyAction({ request: requestFor("/buenas-practicas/clasificaciones", { cookie: cookies.nc, form }), params: {}, context }))).status).toBe(302);
    const [term] = await db.select().from(practiceTaxonomyTerms).where(eq(practiceTaxonomyTerms.slug, "nuevos-canales"));
    expect(term.label).toBe("Incorporación de canales nuevos de atención");
    expect((await db.select().from(practiceSearchOutbox)).length).toBeGreaterThan(0);
    const added = await responseOf(taxonomyAction({ request: requestFor("/buenas-practicas/clasificaciones", { cookie: cookies.nc, form: { intent: "add", taxonomy: "beneficiarios", label: "Personas migrantes" } }), params: {}, context }));
    expect(added.status).toBe(302);
    const again = await responseOf(taxonomyAction({ request: requestFor("/buenas-practicas/clasificaciones", { cookie: cookies.nc, form: { intent: "add", taxonomy: "beneficiarios", label: "Personas migrantes" } }), params: {}, context }));
    expect(again.status).toBe(400);
  });
});
