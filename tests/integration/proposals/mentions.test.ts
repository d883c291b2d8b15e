import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, notifications } from "~/db/schema";
import { action as proposalAction, loader as proposalLoader } from "~/routes/propuestas.$proposalId._index";
import { createNubleWorld, createUser, requestFor, sessionCookieFor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext, status } from "../../setup/route-context";
import { createCall, createProposal } from "./fixtures";

/*
 * Mentions in proposal comments: people ticked in the checklist and people
 * named "@Nombre Apellido" in the text are notified (in the app and by email)
 * once each; unknown names and people outside the network stay plain text.
 */

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
type Who = "writer" | "javier" | "javiera" | "rodrigo" | "outsider";

const NAMES: Record<Who, string> = {
  writer: "Marcela Contreras",
  javier: "Javier Muñoz",
  javiera: "Javiera Muñoz Soto",
  rodrigo: "Rodrigo Sepúlveda",
  outsider: "Pedro Ñancupil",
};

describe("mentions in proposal comments", () => {
  let ctx: Ctx;
  const users = {} as Record<Who, { id: string; email: string; cookie: string }>;
  let networkId: string;
  let ncId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const { sanCarlos, sanFabian, chillan, dr, nc, network } = await createNubleWorld(db);
    ncId = nc.id;
    networkId = network.id;
    const orgs: Record<Who, string> = { writer: sanCarlos.id, javier: sanFabian.id, javiera: sanFabian.id, rodrigo: dr.id, outsider: chillan.id };
    for (const who of Object.keys(NAMES) as Who[]) {
      const role = who === "rodrigo" ? "dr_staff" : who === "writer" ? "omil_lead" : "omil_staff";
      const created = await createUser(db, orgs[who], role, { name: NAMES[who] });
      users[who] = { ...created, cookie: await sessionCookieFor(created.email) };
    }
  });
  afterAll(async () => ctx.close());

  const act = (who: Who, id: string, form: Record<string, string | string[]>) =>
    proposalAction({ request: requestFor(`/propuestas/${id}`, { cookie: users[who].cookie, form }), params: { proposalId: id }, context: routeContext });
  const load = async (who: Who, id: string) =>
    (await (await proposalLoader({ request: requestFor(`/propuestas/${id}`, { cookie: users[who].cookie }), params: { proposalId: id }, context: routeContext })).json()) as {
      threads: { id: string; comments: { body: string }[] }[];
      people: { value: string; name: string; email: string }[];
    };

  async function draft(title: string, values: Parameters<typeof createProposal>[3] = {}) {
    const call = await createCall(ctx.handle.db, ncId);
    return createProposal(ctx.handle.db, networkId, call.id, { title, ...values });
  }

  /** In-app notifications and queued emails per person, for one proposal's title. */
  async function noticesFor(title: string) {
    const db = ctx.handle.db;
    const ids = Object.values(users).map((u) => u.id);
    const inApp = await db.select().from(notifications).where(and(inArray(notifications.userId, ids), eq(notifications.kind, "proposal_mention")));
    const mails = await db.select().from(emailOutbox);
    const count: Partial<Record<Who, { app: number; mail: number }>> = {};
    for (const who of Object.keys(users) as Who[]) {
      const app = inApp.filter((n) => n.userId === users[who].id && n.title.includes(`«${title}»`)).length;
      const mail = mails.filter((m) => m.to === users[who].email && m.subject.includes(`«${title}»`)).length;
      if (app || mail) count[who] = { app, mail };
    }
    return count;
  }

  it("notifies people named in the text once, even when also ticked or named twice; unknown names stay plain text", async () => {
    const proposal = await draft("Menciones en el texto");
    const body = "@javier munoz y @Javier Muñoz: ¿y los datos? También @Rodrigo Sepúlveda, @Alguien Desconocido y @Marcela Contreras.";
    const created = await act("writer", proposal.id, { intent: "new-thread", sectionKey: "diagnostico", quote: "", body, mentionUserIds: [users.javier.id, users.javier.id] });
    expect(await status(Promise.resolve(created))).toBe(302);
    // The author's own name is not a notification; Javiera (a similar name) is not mentioned.
    expect(await noticesFor("Menciones en el texto")).toEqual({ javier: { app: 1, mail: 1 }, rodrigo: { app: 1, mail: 1 } });
    const page = await load("writer", proposal.id);
    expect(page.threads[0].comments[0].body).toBe(body);
  });

  it("tells similar names apart in replies and ignores people outside the network and the region's DR", async () => {
    const proposal = await draft("Nombres parecidos");
    expect(await status(act("writer", proposal.id, { intent: "new-thread", sectionKey: "objetivos", body: "Primer comentario" }))).toBe(302);
    const threadId = (await load("writer", proposal.id)).threads[0].id;
    expect(await status(act("rodrigo", proposal.id, { intent: "reply", threadId, body: "@Javiera Muñoz Soto lo ve, y @Pedro Ñancupil no es de la red." }))).toBe(302);
    expect(await noticesFor("Nombres parecidos")).toEqual({ javiera: { app: 1, mail: 1 } });
    // Ticking someone outside the network is refused (400) and the text is kept.
    const refused = (await act("rodrigo", proposal.id, { intent: "reply", threadId, body: "@Javier Muñoz mira", mentionUserIds: [users.outsider.id] })) as Response;
    expect(refused.status).toBe(400);
    const reply = (await refused.json()) as { result: { initialValue: { body: string }; error: Record<string, string[]> } };
    expect(reply.result.initialValue.body).toBe("@Javier Muñoz mira");
    expect(reply.result.error.mentionUserIds).toBeDefined();
    expect(await noticesFor("Nombres parecidos")).toEqual({ javiera: { app: 1, mail: 1 } });
  });

  it("offers the mentionable people with name and email to those who may comment, and denies commenting to others", async () => {
    const proposal = await draft("Quién comenta");
    const people = (await load("writer", proposal.id)).people;
    expect(people.map((p) => p.name).sort()).toEqual(["Javier Muñoz", "Javiera Muñoz Soto", "Rodrigo Sepúlveda"]);
    expect(people.find((p) => p.name === "Javier Muñoz")?.email).toBe(users.javier.email);
    // Another network's office: the proposal does not exist for it.
    expect(await status(act("outsider", proposal.id, { intent: "new-thread", sectionKey: "diagnostico", body: "@Javier Muñoz hola" }))).toBe(404);
    // A submitted proposal takes no more comments, mentions or not.
    const sent = await draft("Ya enviada", { status: "enviada", submittedAt: new Date() });
    expect(await status(act("writer", sent.id, { intent: "new-thread", sectionKey: "diagnostico", body: "@Javier Muñoz hola" }))).toBe(403);
    expect(await noticesFor("Quién comenta")).toEqual({});
    expect(await noticesFor("Ya enviada")).toEqual({});
  });
});
