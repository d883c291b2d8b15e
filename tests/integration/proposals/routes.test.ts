import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { emailOutbox, notifications, proposals, proposalVersions } from "~/db/schema";
import { appendBudgetRow, paragraphsJson, writeSectionJson } from "~/editor/proposal-doc";
import { resolveProposalAccess } from "~/features/proposals/collab.server";
import { appendProposalUpdate } from "~/features/proposals/document.server";
import { isProposalFrozen } from "~/features/proposals/proposals.server";
import { action as callAction } from "~/routes/convocatorias.$callId";
import { loader as docxLoader } from "~/routes/propuestas.$proposalId.docx";
import { action as proposalAction, loader as proposalLoader } from "~/routes/propuestas.$proposalId._index";
import { createNubleWorld, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext, status } from "../../setup/route-context";
import { createCall, createProposal, writeStoredDocument } from "./fixtures";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = routeContext;


type Who = "lead" | "staff" | "foreign" | "dr" | "drOther" | "nc";

describe("proposal pages", () => {
  let ctx: Ctx;
  let users: Record<Who, Awaited<ReturnType<typeof signedInActor>>>;
  let ids: { network: string; foreignNetwork: string; call: string; sanCarlos: string; sanFabian: string; nc: string };

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const { sanCarlos, sanFabian, chillan, dr, nc, network, foreignNetwork } = await createNubleWorld(db);
    const drOther = await createOrganization(db, { kind: "direccion_regional", regionCode: "08", name: "DR Biobío" });
    const year = new Date().getFullYear();
    // Last year's application of the network, on the theme "ferias-laborales".
    const previousCall = await createCall(db, nc.id, { year: year - 1 });
    await createProposal(db, network.id, previousCall.id, { themeSlug: "ferias-laborales", status: "adjudicada", submittedAt: new Date(`${year - 1}-05-01T12:00:00Z`) });
    const call = await createCall(db, nc.id, { year });
    ids = { network: network.id, foreignNetwork: foreignNetwork.id, call: call.id, sanCarlos: sanCarlos.id, sanFabian: sanFabian.id, nc: nc.id };
    users = {
      lead: await signedInActor(db, sanCarlos.id, "omil_lead"),
      staff: await signedInActor(db, sanFabian.id, "omil_staff"),
      foreign: await signedInActor(db, chillan.id, "omil_lead"),
      dr: await signedInActor(db, dr.id, "dr_staff"),
      drOther: await signedInActor(db, drOther.id, "dr_staff"),
      nc: await signedInActor(db, nc.id, "nc_admin"),
    };
  });
  afterAll(async () => ctx.close());

  const load = (who: Who, id: string) => proposalLoader({ request: requestFor(`/propuestas/${id}`, { cookie: users[who].cookie }), params: { proposalId: id }, context });
  const act = (who: Who, id: string, form: Record<string, string | string[]>) =>
    proposalAction({ request: requestFor(`/propuestas/${id}`, { cookie: users[who].cookie, form }), params: { proposalId: id }, context });

  /** A proposal of the network to a call of its own (one application per network and call). */
  async function draftInNewCall(title: string) {
    const call = await createCall(ctx.handle.db, ids.nc);
    return createProposal(ctx.handle.db, ids.network, call.id, { title });
  }

  async function startProposal(themeSlug = "ferias-laborales") {
    const response = (await callAction({
      request: requestFor(`/convocatorias/${ids.call}`, { cookie: users.lead.cookie, form: { networkId: ids.network, title: "Ruta del empleo rural", themeSlug, responsibleOrganizationIds: [ids.sanCarlos, ids.sanFabian] } }),
      params: { callId: ids.call },
      context,
    })) as Response;
    expect(response.status).toBe(302);
    return response.headers.get("location")!.split("/").pop()!;
  }

  it("lets a network member start the network's one application to an open call", async () => {
    const id = await startProposal();
    expect(await status(load("staff", id))).toBe(200);
    const again = (await callAction({
      request: requestFor(`/convocatorias/${ids.call}`, { cookie: users.staff.cookie, form: { networkId: ids.network, title: "Otra", themeSlug: "otro" } }),
      params: { callId: ids.call },
      context,
    })) as Response;
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain("La red ya tiene una propuesta para esta convocatoria.");
    await ctx.handle.db.delete(proposals).where(eq(proposals.id, id));
  });

  it("answers 404 to another network's office, another region's DR and unknown ids; the region's DR and Nivel Central read", async () => {
    const proposal = await draftInNewCall("Para leer");
    expect(await status(load("foreign", proposal.id))).toBe(404);
    expect(await status(load("drOther", proposal.id))).toBe(404);
    expect(await status(load("lead", "00000000-0000-4000-8000-000000000000"))).toBe(404);
    expect(await status(load("lead", "nada"))).toBe(404);
    expect(await status(act("foreign", proposal.id, { intent: "save-version", name: "x" }))).toBe(404);
    const fromDr = (await (await load("dr", proposal.id)).json()) as { permissions: { edit: boolean }; collab: { readOnly: boolean } };
    expect(fromDr.permissions.edit).toBe(false);
    expect(fromDr.collab.readOnly).toBe(true);
    expect(await status(load("nc", proposal.id))).toBe(200);
    expect(await status(act("dr", proposal.id, { intent: "details", title: "Cambio", themeSlug: "otro", responsibleOrganizationIds: ids.sanCarlos }))).toBe(403);
  });

  it("refuses submission until the rules are clear, including the same theme as last year, then freezes a copy", async () => {
    const id = await startProposal("ferias-laborales");
    const db = ctx.handle.db;
    expect(await status(act("lead", id, { intent: "submit" }))).toBe(403); // still a draft
    expect(await status(act("staff", id, { intent: "mark-ready" }))).toBe(302);

    const refused = (await act("lead", id, { intent: "submit" })) as Response;
    expect(refused.status).toBe(400);
    const errors = ((await refused.json()) as { result: { error: Record<string, string[]> } }).result.error[""];
    expect(errors).toEqual([
      "No se puede enviar todavía:",
      "Falta escribir la sección «Diagnóstico».",
      "Falta escribir la sección «Objetivos».",
      "Falta el presupuesto: agrega al menos un ítem con su monto.",
      expect.stringContaining("La red ya postuló con el tema «Ferias laborales y encuentros con buscadores de empleo»"),
      "Falta el adjunto obligatorio «Carta de compromiso».",
    ]);

    // The stored document gets the text; the budget is over the maximum.
    const doc = await writeStoredDocument(db, id, { diagnostico: "Sectores rurales sin transporte.", objetivos: "Atención itinerante." }, [{ item: "Vehículo", amount: "1.200.000" }]);
    const stillRefused = (await act("lead", id, { intent: "submit" })) as Response;
    expect(JSON.stringify(await stillRefused.json())).toContain("Reduce $200.000");

    // Changing the theme clears the same-theme rule; the browser's unsaved edit fixes the budget.
    expect(await status(act("staff", id, { intent: "details", title: "Ruta del empleo rural", themeSlug: "territorios-rurales", responsibleOrganizationIds: [ids.sanCarlos] }))).toBe(302);
    const before = Y.encodeStateVector(doc);
    doc.getArray<Y.Map<string>>("budget").get(0).set("amount", "950.000");
    const browserState = Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64");
    expect(Y.encodeStateAsUpdate(doc, before).length).toBeGreaterThan(0);
    const upload = new FormData();
    upload.append("intent", "attach");
    upload.append("requirement", "Carta de compromiso");
    upload.append("attachment", new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "carta.pdf"));
    const uploaded = proposalAction({ request: new Request(`http://localhost:3000/propuestas/${id}`, { method: "POST", headers: { cookie: users.staff.cookie }, body: upload }), params: { proposalId: id }, context });
    expect(await status(uploaded)).toBe(302);
    expect(await status(act("staff", id, { intent: "submit", state: browserState }))).toBe(403); // staff may not submit
    expect(await status(act("lead", id, { intent: "submit", state: browserState }))).toBe(302);

    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect(row.status).toBe("enviada");
    expect(row.submittedContent?.budget[0].amount).toBe("950.000");
    expect(row.submittedContent?.sections.diagnostico.text).toBe("Sectores rurales sin transporte.");
    const versions = await db.select().from(proposalVersions).where(eq(proposalVersions.proposalId, id));
    expect(versions.map((v) => v.name).sort()).toEqual(["Cambio de estado: Lista para revisión", "Enviada (copia congelada)"]);
  });

  it("makes a submitted proposal impossible to edit for everyone, on pages and on the socket", async () => {
    const [submitted] = await ctx.handle.db.select().from(proposals).where(eq(proposals.status, "enviada"));
    for (const who of ["lead", "staff", "dr", "nc"] as const) {
      expect(await status(act(who, submitted.id, { intent: "details", title: "Cambio", themeSlug: "otro", responsibleOrganizationIds: ids.sanCarlos }))).toBe(403);
      expect(await status(act(who, submitted.id, { intent: "save-version", name: "después" }))).toBe(403);
      expect(await status(act(who, submitted.id, { intent: "mark-ready" }))).toBe(403);
    }
    expect(await isProposalFrozen(ctx.handle.db, submitted.id)).toBe(true);
    expect(await resolveProposalAccess(ctx.handle.db, users.lead.actor, submitted.id)).toBe("read");
    // The DR records the outcome; the frozen copy stays as it was.
    expect(await status(act("lead", submitted.id, { intent: "outcome", outcome: "adjudicada" }))).toBe(403);
    expect(await status(act("dr", submitted.id, { intent: "outcome", outcome: "adjudicada" }))).toBe(302);
    const [after] = await ctx.handle.db.select().from(proposals).where(eq(proposals.id, submitted.id));
    expect(after.status).toBe("adjudicada");
    expect(after.submittedContent).toEqual(submitted.submittedContent);
  });

  it("resolves collab access: members edit, the region's DR and Nivel Central read, others are refused", async () => {
    const proposal = await draftInNewCall("Acceso");
    const access = async (who: Who) => resolveProposalAccess(ctx.handle.db, users[who].actor, proposal.id);
    expect(await access("lead")).toBe("edit");
    expect(await access("staff")).toBe("edit");
    expect(await access("dr")).toBe("read");
    expect(await access("nc")).toBe("read");
    expect(await access("foreign")).toBeNull();
    expect(await access("drOther")).toBeNull();
    expect(await resolveProposalAccess(ctx.handle.db, users.lead.actor, "not-a-uuid")).toBeNull();
  });

  it("notifies mentioned people in the app and by email, and threads can be replied, resolved and reopened", async () => {
    const db = ctx.handle.db;
    const proposal = await draftInNewCall("Con comentarios");
    const created = await act("staff", proposal.id, {
      intent: "new-thread",
      sectionKey: "diagnostico",
      quote: "sin transporte",
      body: "¿Tenemos datos del INE?",
      mentionUserIds: [users.lead.userId],
    });
    expect(await status(Promise.resolve(created))).toBe(302);
    const [notice] = await db.select().from(notifications).where(eq(notifications.userId, users.lead.userId));
    expect(notice.title).toContain("te mencionó en «Con comentarios»");
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.to, users.lead.actor.email));
    expect(mails).toHaveLength(1);
    // Mentioning someone outside the network is refused.
    expect(await status(act("staff", proposal.id, { intent: "new-thread", sectionKey: "diagnostico", body: "x", mentionUserIds: [users.foreign.userId] }))).toBe(400);

    const page = (await (await load("lead", proposal.id)).json()) as { threads: { id: string; resolved: boolean; comments: unknown[] }[] };
    const threadId = page.threads[0].id;
    expect(await status(act("lead", proposal.id, { intent: "reply", threadId, body: "Sí, los del censo." }))).toBe(302);
    expect(await status(act("dr", proposal.id, { intent: "resolve-thread", threadId }))).toBe(302);
    let threads = ((await (await load("lead", proposal.id)).json()) as typeof page).threads;
    expect(threads[0]).toMatchObject({ resolved: true });
    expect(threads[0].comments).toHaveLength(2);
    expect(await status(act("staff", proposal.id, { intent: "reopen-thread", threadId }))).toBe(302);
    threads = ((await (await load("lead", proposal.id)).json()) as typeof page).threads;
    expect(threads[0].resolved).toBe(false);
  });

  it("exports the application as DOCX in the call's section order", async () => {
    const db = ctx.handle.db;
    const proposal = await draftInNewCall("Para exportar");
    const doc = new Y.Doc();
    writeSectionJson(doc, "objetivos", paragraphsJson("Objetivo general"));
    appendBudgetRow(doc, { item: "Vehículo", description: "", amount: "500000" });
    await appendProposalUpdate(db, proposal.id, Y.encodeStateAsUpdate(doc));
    const response = (await docxLoader({ request: requestFor(`/propuestas/${proposal.id}/docx`, { cookie: users.dr.cookie }), params: { proposalId: proposal.id }, context })) as Response;
    expect(response.headers.get("content-type")).toContain("wordprocessingml");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe("PK");
    const mammoth = await import("mammoth");
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    expect(value.indexOf("Diagnóstico")).toBeLessThan(value.indexOf("Objetivos"));
    expect(value).toContain("Objetivo general");
    expect(value).toContain("$500.000");
    expect(await status(docxLoader({ request: requestFor(`/propuestas/${proposal.id}/docx`, { cookie: users.foreign.cookie }), params: { proposalId: proposal.id }, context }))).toBe(404);
  });
});
