import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalAttachments, proposals, storedFiles } from "~/db/schema";
import { loader as downloadLoader } from "~/routes/propuestas.$proposalId.adjuntos.$attachmentId";
import { loader as docxLoader } from "~/routes/propuestas.$proposalId.docx";
import { action as proposalAction, loader as proposalLoader } from "~/routes/propuestas.$proposalId._index";
import { createNubleWorld, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext as context, status } from "../../setup/route-context";
import { createCall, createProposal, writeStoredDocument } from "./fixtures";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
type Who = "lead" | "staff" | "foreign" | "dr" | "nc";

const REQUIRED = ["Carta de compromiso", "Certificado de vigencia"];
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("proposal attachments", () => {
  let ctx: Ctx;
  let users: Record<Who, Awaited<ReturnType<typeof signedInActor>>>;
  let ids: { network: string; nc: string };

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const { sanCarlos, sanFabian, chillan, dr, nc, network } = await createNubleWorld(db);
    ids = { network: network.id, nc: nc.id };
    users = {
      lead: await signedInActor(db, sanCarlos.id, "omil_lead"),
      staff: await signedInActor(db, sanFabian.id, "omil_staff"),
      foreign: await signedInActor(db, chillan.id, "omil_lead"),
      dr: await signedInActor(db, dr.id, "dr_staff"),
      nc: await signedInActor(db, nc.id, "nc_admin"),
    };
  });
  afterAll(async () => ctx.close());

  async function draft(values: Parameters<typeof createProposal>[3] = {}) {
    const call = await createCall(ctx.handle.db, ids.nc, { requiredAttachments: REQUIRED });
    return createProposal(ctx.handle.db, ids.network, call.id, values);
  }

  const upload = (who: Who, id: string, requirement: string, bytes: Uint8Array, filename: string) => {
    const body = new FormData();
    body.append("intent", "attach");
    body.append("requirement", requirement);
    body.append("attachment", new File([new Uint8Array(bytes)], filename));
    return proposalAction({ request: new Request(`http://localhost:3000/propuestas/${id}`, { method: "POST", headers: { cookie: users[who].cookie }, body }), params: { proposalId: id }, context });
  };
  const act = (who: Who, id: string, form: Record<string, string>) =>
    proposalAction({ request: requestFor(`/propuestas/${id}`, { cookie: users[who].cookie, form }), params: { proposalId: id }, context });
  const download = (who: Who, id: string, attachmentId: string) =>
    downloadLoader({ request: requestFor(`/propuestas/${id}/adjuntos/${attachmentId}`, { cookie: users[who].cookie }), params: { proposalId: id, attachmentId }, context });
  const errorsOf = async (response: unknown) => JSON.stringify(await (response as Response).json());
  const rowsOf = (id: string) => ctx.handle.db.select().from(proposalAttachments).where(eq(proposalAttachments.proposalId, id));

  it("stores a PDF by content, lists it, lets the region's DR download it and a member remove it", async () => {
    const proposal = await draft();
    expect(await status(upload("staff", proposal.id, REQUIRED[0], PDF, "carta firmada.pdf"))).toBe(302);
    const [row] = await rowsOf(proposal.id);
    expect(row).toMatchObject({ requirement: REQUIRED[0], filename: "carta firmada.pdf", contentType: "application/pdf", size: PDF.byteLength, uploadedByUserId: users.staff.userId });
    // The bytes are in the database (decision 0072), not on this process's disk.
    expect(row).toMatchObject({ storagePath: null, fileId: expect.any(String) });
    expect((await ctx.handle.db.select({ bytes: storedFiles.bytes }).from(storedFiles).where(eq(storedFiles.id, row.fileId!)))[0].bytes).toEqual(PDF);
    expect(fs.existsSync(path.join(ctx.dataDir, "proposal-attachments"))).toBe(false);

    const page = (await (await proposalLoader({ request: requestFor(`/propuestas/${proposal.id}`, { cookie: users.dr.cookie }), params: { proposalId: proposal.id }, context })).json()) as {
      attachments: { filename: string }[];
      permissions: { attach: boolean };
      problems: { message: string }[];
    };
    expect(page.attachments.map((a) => a.filename)).toEqual(["carta firmada.pdf"]);
    expect(page.permissions.attach).toBe(false);
    expect(page.problems.map((p) => p.message)).toContain("Falta el adjunto obligatorio «Certificado de vigencia».");
    expect(page.problems.map((p) => p.message)).not.toContain("Falta el adjunto obligatorio «Carta de compromiso».");

    const response = (await download("dr", proposal.id, row.id)) as Response;
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-length")).toBe(String(PDF.byteLength));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
    expect(await status(download("nc", proposal.id, row.id))).toBe(200);

    // The DR reads but does not edit.
    expect(await status(upload("dr", proposal.id, REQUIRED[1], PDF, "x.pdf"))).toBe(403);
    expect(await status(act("dr", proposal.id, { intent: "remove-attachment", attachmentId: row.id }))).toBe(403);
    expect(await status(act("lead", proposal.id, { intent: "remove-attachment", attachmentId: row.id }))).toBe(302);
    expect(await rowsOf(proposal.id)).toEqual([]);
    expect(await ctx.handle.db.select().from(storedFiles).where(eq(storedFiles.id, row.fileId!))).toEqual([]);
    expect(await status(download("lead", proposal.id, row.id))).toBe(404);
  });

  it("refuses oversized files and text disguised as PDF; accepts a real PNG renamed .pdf as an image; saves nothing refused", async () => {
    const proposal = await draft();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const oversized = await upload("lead", proposal.id, REQUIRED[0], big, "enorme.pdf");
    expect(await status(Promise.resolve(oversized))).toBe(400);
    expect(await errorsOf(oversized)).toContain("el máximo es 10 MB");

    const text = await upload("lead", proposal.id, REQUIRED[0], new TextEncoder().encode("esto no es un pdf"), "carta.pdf");
    expect(await status(Promise.resolve(text))).toBe(400);
    expect(await errorsOf(text)).toContain("«carta.pdf» no es un PDF, una imagen");

    const unknown = await upload("lead", proposal.id, "Cualquier cosa", PDF, "carta.pdf");
    expect(await status(Promise.resolve(unknown))).toBe(400);
    expect(await rowsOf(proposal.id)).toEqual([]);
    expect(fs.existsSync(path.join(ctx.dataDir, "proposal-attachments", proposal.id)) ? fs.readdirSync(path.join(ctx.dataDir, "proposal-attachments", proposal.id)) : []).toEqual([]);

    expect(await status(upload("lead", proposal.id, "otro", PNG, "foto.pdf"))).toBe(302);
    const [row] = await rowsOf(proposal.id);
    expect(row).toMatchObject({ requirement: "otro", filename: "foto.pdf", contentType: "image/png" });
    const response = (await download("staff", proposal.id, row.id)) as Response;
    expect(response.headers.get("content-type")).toBe("image/png");
  });

  it("answers 404 to another network's office, for upload, removal and download", async () => {
    const proposal = await draft();
    expect(await status(upload("lead", proposal.id, REQUIRED[0], PDF, "carta.pdf"))).toBe(302);
    const [row] = await rowsOf(proposal.id);
    expect(await status(upload("foreign", proposal.id, REQUIRED[0], PDF, "intruso.pdf"))).toBe(404);
    expect(await status(act("foreign", proposal.id, { intent: "remove-attachment", attachmentId: row.id }))).toBe(404);
    expect(await status(download("foreign", proposal.id, row.id))).toBe(404);
    expect(await rowsOf(proposal.id)).toHaveLength(1);
  });

  it("refuses submission until every required attachment is present, then freezes the attachments and lists them in the DOCX", async () => {
    const proposal = await draft({ themeSlug: "territorios-rurales", status: "lista_para_revision", responsibleOrganizationIds: [] });
    await writeStoredDocument(ctx.handle.db, proposal.id, { diagnostico: "Sectores rurales.", objetivos: "Atención itinerante." }, [{ item: "Vehículo", amount: "500.000" }]);

    const refused = await act("lead", proposal.id, { intent: "submit" });
    expect(await status(Promise.resolve(refused))).toBe(400);
    const body = await errorsOf(refused);
    expect(body).toContain("Falta el adjunto obligatorio «Carta de compromiso».");
    expect(body).toContain("Falta el adjunto obligatorio «Certificado de vigencia».");

    expect(await status(upload("staff", proposal.id, REQUIRED[0], PDF, "carta.pdf"))).toBe(302);
    const stillRefused = await act("lead", proposal.id, { intent: "submit" });
    expect(await status(Promise.resolve(stillRefused))).toBe(400);
    expect(await errorsOf(stillRefused)).not.toContain("«Carta de compromiso»");

    expect(await status(upload("staff", proposal.id, REQUIRED[1], PNG, "certificado.png"))).toBe(302);
    expect(await status(act("lead", proposal.id, { intent: "submit" }))).toBe(302);
    const [submitted] = await ctx.handle.db.select().from(proposals).where(eq(proposals.id, proposal.id));
    expect(submitted.status).toBe("enviada");

    // Frozen: nothing can be uploaded or removed by anyone.
    const [first] = await rowsOf(proposal.id);
    for (const who of ["lead", "staff"] as const) {
      expect(await status(upload(who, proposal.id, "otro", PDF, "tarde.pdf"))).toBe(403);
      expect(await status(act(who, proposal.id, { intent: "remove-attachment", attachmentId: first.id }))).toBe(403);
    }
    expect(await rowsOf(proposal.id)).toHaveLength(2);
    expect(await status(download("dr", proposal.id, first.id))).toBe(200);

    const docx = (await docxLoader({ request: requestFor(`/propuestas/${proposal.id}/docx`, { cookie: users.dr.cookie }), params: { proposalId: proposal.id }, context })) as Response;
    const mammoth = await import("mammoth");
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(value).toContain("Documentos adjuntos");
    expect(value).toContain("Carta de compromiso: carta.pdf");
    expect(value).toContain("Certificado de vigencia: certificado.png");
  });
});
