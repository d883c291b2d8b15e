import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollabCloseCode } from "~/collab/close-codes";
import { parseDocumentName } from "~/collab/document-name";
import { loadActor } from "~/auth/actor.server";
import { proposals, proposalVersions } from "~/db/schema";
import { unsentChanges } from "~/collab/unsent-changes";
import { deriveProposalContent, paragraphsJson, writeSectionJson } from "~/editor/proposal-doc";
import { contentOf, loadProposalDoc, proposalDocumentName } from "~/features/proposals/document.server";
import { FROZEN_VERSION_NAME } from "~/features/proposals/frozen-copy.server";
import * as Y from "yjs";
import { isProposalFrozen } from "~/features/proposals/proposals.server";
import { collabAccess } from "~/features/features.server";
import { CollabRefusal, createTokenAuthenticator, type Authenticate } from "../../../collab-server/auth";
import { createNetwork, createOrganization, createUser } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { connectClient, loadStored, SECRET, startServer, waitFor, type RunningServer, type TestClient } from "../collab/helpers";
import { createCall, createProposal, SECTIONS } from "./fixtures";

/*
 * The proposal access resolver and store hook behind the real collab server
 * with real y-websocket clients: who edits, who only reads (their edits never
 * reach anyone), who is refused, and submitted proposals frozen for everyone.
 */

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

describe("proposal documents on the collab server", () => {
  let ctx: Ctx;
  let server: RunningServer;
  let users: Record<"lead" | "staff" | "dr" | "foreign", string>;
  let proposalId: string;
  let documentName: string;
  let authenticate: Authenticate;
  let networkId: string;
  let publisherId: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const sanCarlos = await createOrganization(db, { comunaCode: "16301" });
    const sanFabian = await createOrganization(db, { comunaCode: "16304" });
    const chillan = await createOrganization(db, { comunaCode: "16101" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16" });
    const nc = await createOrganization(db, { kind: "nivel_central", regionCode: null });
    const network = await createNetwork(db, [sanCarlos.id, sanFabian.id]);
    await createNetwork(db, [chillan.id]);
    users = {
      lead: (await createUser(db, sanCarlos.id, "omil_lead")).id,
      staff: (await createUser(db, sanFabian.id, "omil_staff")).id,
      dr: (await createUser(db, dr.id, "dr_staff")).id,
      foreign: (await createUser(db, chillan.id, "omil_lead")).id,
    };
    const call = await createCall(db, nc.id);
    proposalId = (await createProposal(db, network.id, call.id)).id;
    documentName = proposalDocumentName(proposalId);

    // As the portal mounts it: identity from the signed token, access decided again by the permission module.
    networkId = network.id;
    publisherId = nc.id;
    const identify = createTokenAuthenticator({ secret: SECRET });
    authenticate = async (req, name) => {
      const { userId, userName } = await identify(req, name);
      const ref = parseDocumentName(name)!;
      const actor = await loadActor(db, userId);
      const access = actor ? await collabAccess.resolve(db, actor, ref.kind, ref.id) : null;
      if (!access) throw new CollabRefusal(CollabCloseCode.FORBIDDEN, "Sin acceso");
      return { userId, userName, access };
    };
    server = await startServer(ctx.handle, {
      authenticate,
      isFrozen: (name) => isProposalFrozen(db, parseDocumentName(name)!.id),
      onStored: async (name, doc) => collabAccess.storedHook("proposal")!(db, parseDocumentName(name)!.id, doc),
    });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    await ctx?.close();
  });

  // Tokens claim "edit" for everyone: the server must still apply the resolver's decision.
  const connect = async (userId: string) => {
    const client = await connectClient(server.url, documentName, { userId, access: "edit" });
    clients.push(client);
    return client;
  };
  const sectionText = (client: TestClient, key: string) => deriveProposalContent(client.doc, [key]).sections[key].text;

  it("lets network members co-write, the DR read along, and drops the DR's edits", async () => {
    const lead = await connect(users.lead);
    const staff = await connect(users.staff);
    const dr = await connect(users.dr);
    await Promise.all([lead.synced(), staff.synced(), dr.synced()]);
    expect(dr.readOnlyNotices).toContain(CollabCloseCode.FORBIDDEN);

    writeSectionJson(lead.doc, "diagnostico", paragraphsJson("Escrito por San Carlos"));
    await waitFor(() => sectionText(staff, "diagnostico") === "Escrito por San Carlos" && sectionText(dr, "diagnostico") === "Escrito por San Carlos", 5_000, "lead → staff, dr");

    writeSectionJson(dr.doc, "objetivos", paragraphsJson("Intento de la DR"));
    writeSectionJson(staff.doc, "objetivos", paragraphsJson("Escrito por San Fabián"));
    await waitFor(() => sectionText(lead, "objetivos") === "Escrito por San Fabián", 5_000, "staff → lead");
    // The DR's change was sent before San Fabián's and is still nowhere else.
    expect(sectionText(lead, "objetivos")).not.toContain("Intento de la DR");

    // Stored and derived by the hook into proposals.content; the DR's text is not there either.
    const deadline = Date.now() + 5_000;
    let content = null as (typeof proposals.$inferSelect)["content"];
    while (Date.now() < deadline) {
      [{ content }] = await ctx.handle.db.select({ content: proposals.content }).from(proposals).where(eq(proposals.id, proposalId));
      if (content?.sections.objetivos?.text === "Escrito por San Fabián") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(content?.sections.diagnostico.text).toBe("Escrito por San Carlos");
    expect(content?.sections.objetivos.text).toBe("Escrito por San Fabián");
    const stored = await loadStored(ctx.handle, documentName);
    expect(JSON.stringify(deriveProposalContent(stored, ["diagnostico", "objetivos"]))).not.toContain("Intento de la DR");
  });

  it("refuses an office of another network with FORBIDDEN", async () => {
    const foreign = await connect(users.foreign);
    await waitFor(() => foreign.closes.length > 0, 5_000, "refusal");
    expect(foreign.closes[0].code).toBe(CollabCloseCode.FORBIDDEN);
    expect(foreign.closes[0].willReconnect).toBe(false);
    expect(sectionText(foreign, "diagnostico")).toBe("");
  });

  it("serves a submitted proposal read-only to its own members", async () => {
    await ctx.handle.db.update(proposals).set({ status: "enviada" }).where(eq(proposals.id, proposalId));
    const late = await connect(users.staff);
    await late.synced();
    expect(late.readOnlyNotices).toContain(CollabCloseCode.DOCUMENT_FROZEN);
    expect(sectionText(late, "diagnostico")).toBe("Escrito por San Carlos");
    writeSectionJson(late.doc, "diagnostico", paragraphsJson("Cambio después del envío"));
    await new Promise((r) => setTimeout(r, 300));
    expect(sectionText(clients[0], "diagnostico")).toBe("Escrito por San Carlos");
  });

  it("submitted while a member types: the frozen copy takes what the server accepted, the typist sees what it refused", async () => {
    const db = ctx.handle.db;
    const id = (await createProposal(db, networkId, (await createCall(db, publisherId)).id)).id;
    const name = proposalDocumentName(id);
    // As the portal mounts it (server/collab.ts): access re-checked, frozen documents, the frozen copy completed.
    const portal = await startServer(ctx.handle, {
      authenticate,
      accessCheck: (c) => collabAccess.current(db, c.userId, c.documentName),
      isFrozen: (n) => collabAccess.isFrozen(db, n),
      onFrozen: (n) => collabAccess.runFrozenHook(db, n),
    });
    const join = async (userId: string) => {
      const client = await connectClient(portal.url, name, { userId, access: "edit" });
      clients.push(client);
      await client.synced();
      return client;
    };
    const lead = await join(users.lead);
    const staff = await join(users.staff);
    writeSectionJson(staff.doc, "diagnostico", paragraphsJson("Diagnóstico guardado."));
    await staff.flush();

    // The submission freezes the stored document (as submitProposal does)…
    const doc = await loadProposalDoc(db, id);
    const content = contentOf(doc, SECTIONS);
    await db.update(proposals).set({ status: "enviada", submittedState: Y.encodeStateAsUpdate(doc), submittedContent: content, content, submittedAt: new Date() }).where(eq(proposals.id, id));
    await db.insert(proposalVersions).values({ proposalId: id, name: FROZEN_VERSION_NAME, kind: "status", state: Y.encodeStateAsUpdate(doc), content, createdByUserId: users.lead });
    // …while San Fabián is still typing: the server accepts this before it hears of the freeze.
    writeSectionJson(staff.doc, "objetivos", paragraphsJson("Objetivo en la ventana."));
    await staff.flush();
    await portal.collab.accessChanged({ documentName: name });

    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect(row.submittedContent?.sections.objetivos.text).toBe("Objetivo en la ventana.");
    expect(row.submittedContent?.sections.diagnostico.text).toBe("Diagnóstico guardado.");
    const [version] = await db.select().from(proposalVersions).where(eq(proposalVersions.proposalId, id));
    expect(version.content.sections.objetivos.text).toBe("Objetivo en la ventana.");

    // Typed after the freeze: refused by the server, listed for its author only.
    await waitFor(() => staff.readOnlyNotices.includes(CollabCloseCode.DOCUMENT_FROZEN), 2_000, "frozen notice");
    expect(lead.readOnlyNotices).toContain(CollabCloseCode.DOCUMENT_FROZEN);
    const objetivos = staff.doc.getXmlFragment("section:objetivos");
    const paragraph = objetivos.get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert("Objetivo en la ventana.".length, " Demasiado tarde.");
    await staff.flush();
    expect(unsentChanges(staff.doc, staff.serverStateVector()!)).toEqual([{ root: "section:objetivos", text: " Demasiado tarde." }]);
    expect(unsentChanges(lead.doc, lead.serverStateVector()!)).toEqual([]);
    const [after] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect(after.submittedContent?.sections.objetivos.text).toBe("Objetivo en la ventana.");
    await portal.stop();
  });
});
