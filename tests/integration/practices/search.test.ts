import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { practices } from "~/db/schema";
import { buildRichContent } from "~/features/practices/content.server";
import { createPractice, transitionPractice, updatePractice, type PracticeInput } from "~/features/practices/practices.server";
import { parseSearchParams } from "~/features/practices/schema";
import { outboxBacklog } from "~/features/practices/search/outbox.server";
import { searchNotices, searchPractices } from "~/features/practices/search/search.server";
import { hasOutdatedDocuments, PUBLIC_PRACTICES_INDEX } from "~/features/practices/search/settings.server";
import { createSearchClient, getSearch, setSearch } from "~/search/client.server";
import { startEmbeddedMeilisearch } from "~/search/meili-process.server";
import { buildActor } from "../../factories/actors";
import { createOrganization } from "../../factories/rows";
import { drainOutbox, importDemoLibrary, setupPracticeContext } from "./support";

type Ctx = Awaited<ReturnType<typeof setupPracticeContext>>;

const search = (ctx: Ctx, query: string) => searchPractices(ctx.handle.db, parseSearchParams(new URLSearchParams(query)), { kind: "public" });

function draftInput(title: string, regionCode: string, body: string): PracticeInput {
  return {
    title,
    organizationName: "OMIL de prueba",
    organizationType: "omil",
    regionCode,
    year: 2026,
    comunaCodes: [],
    ambitos: ["articulacion-entre-comunas"],
    beneficiarios: [],
    links: [],
    content: buildRichContent({ effectiveness: body }),
  };
}

describe("practice search against the real Meilisearch", () => {
  let ctx: Ctx;
  let demoCount = 0;

  beforeAll(async () => {
    ctx = await setupPracticeContext();
    demoCount = await importDemoLibrary(ctx.handle.db, null);
    const result = await drainOutbox();
    expect(result?.failed).toBe(0);
  });
  afterAll(async () => ctx?.close());

  it("indexes the whole demo library as public", async () => {
    const all = await search(ctx, "");
    expect(all.degraded).toBe(false);
    expect(all.total).toBe(demoCount);
    expect(await outboxBacklog(ctx.handle.db)).toBe(0);
  });

  it("forgives a misspelling: «colocasion» finds «colocación»", async () => {
    const result = await search(ctx, "q=colocasion");
    expect(result.total).toBeGreaterThan(0);
    expect(result.hits.map((h) => h.snippet).join(" ")).toMatch(/<mark>coloca(ción|ciones)/i);
  });

  it("matches without accents or ñ: «nuble» finds Ñuble", async () => {
    const result = await search(ctx, "q=nuble");
    expect(result.total).toBeGreaterThan(0);
    expect(result.hits.some((h) => h.regionName.includes("Ñuble") || h.title.includes("Ñuble"))).toBe(true);
  });

  it("ranks the mayor-briefing practices first for «alcalde» (and for its synonym)", async () => {
    const result = await search(ctx, "q=alcalde");
    expect(result.hits[0].title.toLowerCase()).toMatch(/alcalde/);
    const synonym = await search(ctx, "q=autoridad comunal");
    expect(synonym.hits.slice(0, 3).some((h) => /alcalde/i.test(h.title))).toBe(true);
  });

  it("reports facet counts that match the database, and keeps a facet's other values when one is selected", async () => {
    const db = ctx.handle.db;
    const [row] = await db
      .select({ n: sql<number>`count(*)` })
      .from(practices)
      .where(sql`${practices.status} = 'published' and ${practices.ambitos} ? 'articulacion-entre-comunas'`);
    const all = await search(ctx, "");
    expect(all.facets.ambito["articulacion-entre-comunas"]).toBe(Number(row.n));
    const filtered = await search(ctx, "ambito=articulacion-entre-comunas");
    expect(filtered.total).toBe(Number(row.n));
    expect(Object.keys(filtered.facets.ambito).length).toBe(Object.keys(all.facets.ambito).length);
    const [regionRow] = await db.select({ n: sql<number>`count(*)` }).from(practices).where(eq(practices.regionCode, "16"));
    expect(all.facets.region["16"]).toBe(Number(regionRow.n));
  });

  it("counts two selected facets disjunctively, each ignoring only its own selection", async () => {
    const db = ctx.handle.db;
    const count = async (where: ReturnType<typeof sql>) =>
      Number((await db.select({ n: sql<number>`count(*)` }).from(practices).where(sql`${practices.status} = 'published' and ${where}`))[0].n);
    const both = await search(ctx, "region=16&ambito=articulacion-entre-comunas");
    expect(both.total).toBe(await count(sql`${practices.regionCode} = '16' and ${practices.ambitos} ? 'articulacion-entre-comunas'`));
    // Region counts ignore the region selection but keep the ámbito one, and the other way round.
    expect(both.facets.region["16"]).toBe(both.total);
    expect(both.facets.ambito["articulacion-entre-comunas"]).toBe(both.total);
    const ambitoOnly = await count(sql`${practices.ambitos} ? 'articulacion-entre-comunas'`);
    expect(Object.values(both.facets.region).reduce((a, b) => a + b, 0)).toBe(ambitoOnly - (await count(sql`${practices.ambitos} ? 'articulacion-entre-comunas' and ${practices.regionCode} is null`)));
  });

  it("weighs a question's words: the telling word need not come first, and totals, facets and pages agree", async () => {
    const question = await search(ctx, "q=" + encodeURIComponent("¿cómo involucrar al alcalde?"));
    // "involucrar" comes first but is not what the practices are about: the mayor practices lead.
    expect(question.hits.slice(0, 3).filter((h) => /alcalde/i.test(h.title)).length).toBeGreaterThanOrEqual(2);
    const alcalde = await search(ctx, "q=alcalde");
    expect(question.total).toBeGreaterThanOrEqual(alcalde.total);

    // Selecting the largest region: the total is that region's count, and the region counts ignore their own selection.
    const [regionCode, regionCount] = Object.entries(question.facets.region).sort((a, b) => b[1] - a[1])[0];
    const inRegion = await search(ctx, "q=" + encodeURIComponent("¿cómo involucrar al alcalde?") + `&region=${regionCode}`);
    expect(inRegion.total).toBe(regionCount);
    expect(inRegion.hits.every((h) => h.region === regionCode)).toBe(true);
    expect(inRegion.facets.region).toEqual(question.facets.region);

    // Two pages of a broad question neither repeat nor skip a practice.
    const broad = "q=" + encodeURIComponent("feria laboral con empresas de la provincia");
    const [first, second] = [await search(ctx, broad), await search(ctx, `${broad}&page=2`)];
    expect(first.total).toBeGreaterThan(10);
    expect(first.hits).toHaveLength(10);
    expect(second.hits).toHaveLength(Math.min(10, first.total - 10));
    expect(second.hits.filter((h) => first.hits.some((f) => f.id === h.id))).toEqual([]);
    expect(first.totalPages).toBe(Math.ceil(first.total / 10));
  });

  it("rebuilds documents of an older shape from the database when the job starts", async () => {
    const { client } = getSearch();
    const index = client!.index(PUBLIC_PRACTICES_INDEX);
    const { results } = await index.getDocuments<Record<string, unknown>>({ limit: 1 });
    const { facetTags: _dropped, ...older } = results[0];
    await index.addDocuments([older]).waitTask();
    expect(await hasOutdatedDocuments(client!)).toBe(true);
    // A new client is configured afresh by the sync job, as at a process start.
    setSearch({ status: "ok", client: createSearchClient({ url: ctx.engine.url, apiKey: ctx.engine.masterKey }) });
    expect((await drainOutbox())?.failed).toBe(0);
    expect(await hasOutdatedDocuments(getSearch().client!)).toBe(false);
    expect((await search(ctx, "")).total).toBe(demoCount);
  });

  it("never shows a draft in public results; the owner office finds it in its drafts", async () => {
    const db = ctx.handle.db;
    const office = await createOrganization(db, { comunaCode: "16301", name: "OMIL Borrador" });
    const draft = await createPractice(db, { id: null, name: "Prueba" }, { ...draftInput("Huerto comunitario zanahorial", "16", "Texto zanahorial"), ownerOrganizationId: office.id }, "Creada");
    await drainOutbox();
    expect((await search(ctx, "q=zanahorial")).total).toBe(0);
    const owner = buildActor("omil_staff", { organizationId: office.id, regionCode: "16" });
    const stranger = buildActor("omil_staff", { regionCode: "16" });
    const otherDr = buildActor("dr_staff", { regionCode: "08" });
    const params = parseSearchParams(new URLSearchParams("q=zanahorial"));
    expect((await searchPractices(db, params, { kind: "private", actor: owner })).total).toBe(1);
    expect((await searchPractices(db, params, { kind: "private", actor: stranger })).total).toBe(0);
    expect((await searchPractices(db, params, { kind: "private", actor: otherDr })).total).toBe(0);
    // A question of several words goes through the word-weighted search: the same scope applies.
    const question = parseSearchParams(new URLSearchParams({ q: "¿hay un huerto comunitario zanahorial?" }));
    expect((await searchPractices(db, question, { kind: "private", actor: owner })).hits.map((h) => h.id)).toContain(draft.id);
    for (const other of [stranger, otherDr]) expect((await searchPractices(db, question, { kind: "private", actor: other })).hits.map((h) => h.id)).not.toContain(draft.id);
    expect((await search(ctx, "q=" + encodeURIComponent("huerto comunitario zanahorial"))).hits.map((h) => h.id)).not.toContain(draft.id);
    await transitionPractice(db, { id: null, name: "Prueba" }, draft, "submit");
    await drainOutbox();
    expect((await search(ctx, "q=zanahorial")).total).toBe(0);
  });

  it("answers long queries, operators and unknown facet values normally", async () => {
    const long = await search(ctx, `q=${encodeURIComponent("feria ".repeat(200))}`);
    expect(long.degraded).toBe(false);
    for (const q of ['"feria laboral', "feria -laboral OR (alcalde", "a:b AND c=d", "\\u0000<script>"]) {
      const result = await search(ctx, `q=${encodeURIComponent(q)}`);
      expect(result.degraded).toBe(false);
    }
    const unknown = await search(ctx, "ambito=no-existe&region=99&region=abc&anio=hola&tipo=marciano&page=-3");
    expect(unknown.total).toBe(demoCount);
  });

  it("says when a query was cut, answers a query of stop words with a hint, keeps the facets when nothing matches", async () => {
    const params = parseSearchParams(new URLSearchParams({ q: `feria laboral ${"intercomunal ".repeat(80)}` }));
    expect(params.shortened).toBe(true);
    expect(params.q.length).toBeLessThanOrEqual(200);
    const cut = await searchPractices(ctx.handle.db, params, { kind: "public" });
    expect(searchNotices(params, cut)[0]).toMatch(/muy larga.*200 caracteres/);
    // The last words searched are quoted whole, not from the middle of one.
    expect(searchNotices(params, cut)[0]).toMatch(/«…intercomunal( intercomunal)*» es lo último que se buscó/);

    const onlyStop = parseSearchParams(new URLSearchParams({ q: "¿cómo de la?" }));
    const hint = await searchPractices(ctx.handle.db, onlyStop, { kind: "public" });
    expect(hint.nothingToSearch).toBe(true);
    expect(hint.hits).toEqual([]);
    expect(searchNotices(onlyStop, hint).join(" ")).toMatch(/solo tiene palabras muy comunes/);
    expect(Object.keys(hint.libraryFacets!.region).length).toBeGreaterThan(3);
    const onlyPunctuation = parseSearchParams(new URLSearchParams({ q: "¿?¡!... --" }));
    const punctuationHint = await searchPractices(ctx.handle.db, onlyPunctuation, { kind: "public" });
    expect(punctuationHint).toMatchObject({ nothingToSearch: true, hits: [], total: 0 });
    expect(searchNotices(onlyPunctuation, punctuationHint).join(" ")).toMatch(/Escribe de qué trata la práctica que buscas/);

    const none = await search(ctx, "q=alcalde&anio=1999&region=02");
    expect(none.total).toBe(0);
    expect(Object.keys(none.libraryFacets!.region)).toContain("16");

    // A word no practice has is left out, and the person is told.
    const loose = await search(ctx, "q=" + encodeURIComponent("desayuno empresarial zzqxw"));
    expect(loose.ignoredWords).toEqual(["zzqxw"]);
    expect(loose.hits[0].slug).toBe("desayuno-empresarial-gremios-elqui");
  });

  it("keeps editing during an outage, says search is degraded, and drains the backlog when it returns", async () => {
    const db = ctx.handle.db;
    const [target] = await db.select().from(practices).where(eq(practices.slug, "ruta-alcaldes-nuble"));
    await ctx.engine.stop();

    const updated = await updatePractice(db, { id: null, name: "Prueba" }, target, {
      ...draftInput("Ruta de la Dirección Regional con alcaldes recién electos", target.regionCode ?? "16", "Texto nuevo"),
      ambitos: target.ambitos,
    });
    expect(updated.title).toContain("recién electos");
    const created = await createPractice(db, { id: null, name: "Prueba" }, { ...draftInput("Bolsa de empleo estacional frutícola", "16", "Temporada"), ownerOrganizationId: null }, "Creada");
    await transitionPractice(db, { id: null, name: "Prueba" }, created, "publish");

    const failed = await drainOutbox();
    expect(failed?.failed).toBeGreaterThan(0);
    expect(await outboxBacklog(db)).toBeGreaterThan(0);
    const degraded = await search(ctx, "q=fruticola");
    expect(degraded.degraded).toBe(true);
    expect(degraded.hits.map((h) => h.title)).toContain("Bolsa de empleo estacional frutícola");

    // The engine comes back on the same data; the job picks up after its short backoff.
    const engine = await startEmbeddedMeilisearch({ dataDir: ctx.dataDir, logger: { info() {}, warn() {}, error() {} } });
    ctx.engine = engine;
    setSearch({ status: "ok", client: createSearchClient({ url: engine.url, apiKey: engine.masterKey }) });
    await new Promise((r) => setTimeout(r, 1_100));
    const drained = await drainOutbox();
    expect(drained?.failed).toBe(0);
    expect(await outboxBacklog(db)).toBe(0);
    expect((await search(ctx, "q=recien electos")).hits[0]?.slug).toBe("ruta-alcaldes-nuble");
    expect((await search(ctx, "q=fruticola")).hits.map((h) => h.slug)).toContain(created.slug);
  });
});
