import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalCalls, proposalComments, proposals, proposalVersions } from "~/db/schema";
import { loadProposalDoc } from "~/features/proposals/document.server";
import { findReadableProposal, rulesFor } from "~/features/proposals/proposals.server";
import { seedProposals } from "~/features/proposals/seed.server";
import { refreshStaleContents } from "~/features/proposals/refresh.server";
import { loadActor } from "~/auth/actor.server";
import { deriveProposalContent } from "~/editor/proposal-doc";
import { createNetwork, createOrganization, createUser } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

describe("proposals demo data", () => {
  let ctx: Ctx;
  let run: () => Promise<void>;
  let leadId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const organizations = {
      nc: await createOrganization(db, { kind: "nivel_central", regionCode: null }),
      dr: await createOrganization(db, { kind: "direccion_regional", regionCode: "16" }),
      sanCarlos: await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" }),
      sanFabian: await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" }),
      niquen: await createOrganization(db, { comunaCode: "16303", name: "OMIL Ñiquén" }),
    };
    leadId = (await createUser(db, organizations.sanCarlos.id, "omil_lead", { email: "omil.sancarlos@demo.redomil.cl" })).id;
    await createUser(db, organizations.sanFabian.id, "omil_staff", { email: "omil.sanfabian@demo.redomil.cl" });
    const network = await createNetwork(db, [organizations.sanCarlos.id, organizations.sanFabian.id, organizations.niquen.id]);
    const year = new Date().getFullYear();
    run = () => seedProposals({ db, network, organizations, coordinatorOrganizationId: organizations.sanCarlos.id, year, log: { info: () => undefined } });
  });
  afterAll(async () => ctx.close());

  it("creates last year's awarded application and this year's draft written by two offices, once", async () => {
    await run();
    await run();
    const db = ctx.handle.db;
    expect(await db.select().from(proposalCalls)).toHaveLength(2);
    const rows = await db.select().from(proposals);
    expect(rows.map((r) => r.status).sort()).toEqual(["adjudicada", "borrador"]);
    const draft = rows.find((r) => r.status === "borrador")!;

    // The draft's Yjs state went through the collab persistence store, from two Yjs clients.
    const doc = await loadProposalDoc(db, draft.id);
    const content = deriveProposalContent(doc, ["diagnostico", "objetivos", "actividades", "sostenibilidad"]);
    expect(content.sections.diagnostico.text).toContain("sectores rurales");
    expect(content.sections.sostenibilidad.text).toBe("");
    expect(new Set([...doc.store.clients.keys()]).size).toBe(2);

    const actor = (await loadActor(db, leadId))!;
    const problems = await rulesFor(db, (await findReadableProposal(db, actor, draft.id))!);
    // The demo draft has not uploaded the call's required documents yet.
    expect(problems.map((p) => p.code).sort()).toEqual(["attachment-missing", "attachment-missing", "budget-invalid-amount", "same-theme-as-previous-year"]);
    expect(await db.select().from(proposalVersions).where(eq(proposalVersions.proposalId, draft.id))).toHaveLength(1);
    expect(await db.select().from(proposalComments)).toHaveLength(2);
  });

  it("re-derives content the store hook missed (the background job's safety net)", async () => {
    const db = ctx.handle.db;
    const [draft] = await db.select().from(proposals).where(eq(proposals.status, "borrador"));
    await db.update(proposals).set({ content: null, updatedAt: new Date(Date.now() - 60_000) }).where(eq(proposals.id, draft.id));
    expect(await refreshStaleContents(db)).toBeGreaterThanOrEqual(1);
    const [after] = await db.select().from(proposals).where(eq(proposals.id, draft.id));
    expect(after.content?.sections.diagnostico.text).toContain("sectores rurales");
    expect(await refreshStaleContents(db)).toBe(0);
  });
});
