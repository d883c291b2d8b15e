import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "~/db/schema";
import { action, loader } from "~/routes/notificaciones._index";
import { createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { responseOf } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };

describe("the notifications page (through app/notifications/inbox.server.ts)", () => {
  let ctx: Ctx;
  let me: { userId: string; cookie: string };
  let other: { userId: string; cookie: string };

  beforeAll(async () => {
    ctx = await setupAppContext();
    const org = await createOrganization(ctx.handle.db, { comunaCode: "16301" });
    me = await signedInActor(ctx.handle.db, org.id, "omil_staff");
    other = await signedInActor(ctx.handle.db, org.id, "omil_staff");
    await ctx.handle.db.insert(notifications).values([
      { userId: me.userId, kind: "x", title: "Primera", createdAt: new Date("2026-01-01T10:00:00Z") },
      { userId: me.userId, kind: "x", title: "Segunda", createdAt: new Date("2026-01-02T10:00:00Z") },
      { userId: other.userId, kind: "x", title: "Ajena" },
    ]);
  });
  afterAll(async () => ctx.close());

  const list = async (cookie: string) => ((await (await responseOf(loader({ request: requestFor("/notificaciones", { cookie }), params: {}, context }))).json()) as { notifications: { id: string; title: string; readAt: string | null }[] }).notifications;
  const post = (cookie: string, form: Record<string, string>) => responseOf(action({ request: requestFor("/notificaciones", { cookie, form }), params: {}, context }));

  it("lists only the person's own notifications, newest first", async () => {
    expect((await list(me.cookie)).map((n) => n.title)).toEqual(["Segunda", "Primera"]);
  });

  it("marks one, then all, as read, and never someone else's", async () => {
    const [ajena] = await ctx.handle.db.select().from(notifications).where(eq(notifications.userId, other.userId));
    expect((await post(me.cookie, { id: ajena.id })).status).toBe(302);
    expect((await list(other.cookie))[0].readAt).toBeNull();
    const [segunda] = await list(me.cookie);
    await post(me.cookie, { id: segunda.id });
    expect((await list(me.cookie)).map((n) => [n.title, n.readAt !== null])).toEqual([
      ["Segunda", true],
      ["Primera", false],
    ]);
    await post(me.cookie, { intent: "read-all" });
    expect((await list(me.cookie)).every((n) => n.readAt !== null)).toBe(true);
    expect((await list(other.cookie))[0].readAt).toBeNull();
    // A malformed id is ignored, not an error.
    expect((await post(me.cookie, { id: "no-es-un-id" })).status).toBe(302);
  });
});
