import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalCalls } from "~/db/schema";
import { action as newCallAction, loader as newCallLoader } from "~/routes/convocatorias.nueva";
import { createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext, status } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = routeContext;


const form = (overrides: Record<string, string | string[]> = {}) => ({
  name: "Fondo de Redes 2027",
  year: "2027",
  description: "Bases generales.",
  opensOn: "2027-03-01",
  closesOn: "2027-04-30",
  eligibleRegionCodes: ["16"],
  maxBudget: "8000000",
  requiredAttachments: "Carta de compromiso\n\nCotizaciones",
  noRepeatedTheme: "on",
  "sections[0].title": "Diagnóstico",
  "sections[0].guidance": "Con datos.",
  "sections[0].maxCharacters": "1500",
  "sections[0].required": "on",
  "sections[1].title": "",
  "sections[2].title": "Anexos",
  "sections[2].maxCharacters": "",
  ...overrides,
});

describe("publishing calls", () => {
  let ctx: Ctx;
  let cookies: Record<"nc" | "dr" | "omil", string>;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    cookies = {
      nc: (await signedInActor(db, (await createOrganization(db, { kind: "nivel_central", regionCode: null })).id, "nc_admin")).cookie,
      dr: (await signedInActor(db, (await createOrganization(db, { kind: "direccion_regional", regionCode: "16" })).id, "dr_staff")).cookie,
      omil: (await signedInActor(db, (await createOrganization(db, { comunaCode: "16301" })).id, "omil_lead")).cookie,
    };
  });
  afterAll(async () => ctx.close());

  const post = (who: keyof typeof cookies, values: Record<string, string | string[]>) =>
    newCallAction({ request: requestFor("/convocatorias/nueva", { cookie: cookies[who], form: values }), params: {}, context });

  it("lets Nivel Central publish a call with its sections, attachments and rules", async () => {
    expect(await status(newCallLoader({ request: requestFor("/convocatorias/nueva", { cookie: cookies.omil }), params: {}, context }))).toBe(403);
    expect(await status(post("nc", form()))).toBe(302);
    const [call] = await ctx.handle.db.select().from(proposalCalls);
    expect(call.sections).toEqual([
      { key: "s1", title: "Diagnóstico", guidance: "Con datos.", maxCharacters: 1500, required: true },
      { key: "s2", title: "Anexos", guidance: "", maxCharacters: 0, required: false },
    ]);
    expect(call.requiredAttachments).toEqual(["Carta de compromiso", "Cotizaciones"]);
    expect(call.rules.noRepeatedThemeFromPreviousYear).toBe(true);
    // Closes at the end of the closing day in Chile (UTC−4: winter time starts in early April).
    expect(call.closesAt.toISOString()).toBe("2027-05-01T03:59:59.000Z");
  });

  it("keeps what was typed and says why on bad input", async () => {
    const response = (await post("nc", form({ closesOn: "2027-02-01", "sections[0].title": "", "sections[2].title": "" }))) as Response;
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { initialValue: Record<string, unknown>; error: Record<string, string[]> } };
    expect(body.result.initialValue.name).toBe("Fondo de Redes 2027");
    expect(body.result.error.closesOn).toEqual(["El cierre no puede ser anterior a la apertura."]);
    expect(body.result.error.sections).toEqual(["Agrega al menos una sección con título."]);
  });

  it("lets a Dirección Regional publish only for its own region", async () => {
    expect(await status(post("dr", form({ eligibleRegionCodes: ["16", "08"] })))).toBe(403);
    expect(await status(post("dr", form({ name: "Fondo regional Ñuble" })))).toBe(302);
  });
});
