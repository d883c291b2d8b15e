import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "~/auth/auth.server";
import { getActor } from "~/auth/session.server";
import { emailOutbox } from "~/db/schema";
import { action as requestResetAction } from "~/routes/recuperar";
import { action as resetAction } from "~/routes/restablecer";
import { action as signOutAction } from "~/routes/salir";
import { createOrganization, createUser, requestFor, sessionCookieFor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };
const whoIs = (cookie: string) => getActor(requestFor("/inicio", { cookie }));

describe("sessions and password reset", () => {
  let ctx: Ctx;
  let orgId: string;
  beforeAll(async () => {
    ctx = await setupAppContext();
    orgId = (await createOrganization(ctx.handle.db, { comunaCode: "16301" })).id;
  });
  afterAll(async () => ctx.close());

  it("closes the session on every device", async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    const laptop = await sessionCookieFor(email);
    const phone = await sessionCookieFor(email);
    expect(await whoIs(laptop)).not.toBeNull();
    expect(await whoIs(phone)).not.toBeNull();
    const response = (await signOutAction({ request: requestFor("/salir", { cookie: laptop, form: { everywhere: "1" } }), params: {}, context })) as Response;
    expect(response.status).toBe(302);
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(phone)).toBeNull();
  });

  it("resets a password through the emailed link, once", async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    const asked = (await requestResetAction({ request: requestFor("/recuperar", { form: { email } }), params: {}, context })) as Response;
    expect(asked.status).toBe(200);
    // The same answer for an unknown address (no account enumeration).
    const unknown = (await requestResetAction({ request: requestFor("/recuperar", { form: { email: "nadie@ejemplo.cl" } }), params: {}, context })) as Response;
    expect((await unknown.json()).sent).toBe(true);

    const [mail] = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
    const link = mail.text.match(/https?:\/\/\S+/)![0];
    // better-auth checks the token and redirects to our page with it.
    const followed = await getAuth().handler(new Request(link));
    const location = new URL(followed.headers.get("location")!, "http://localhost:3000");
    expect(location.pathname).toBe("/restablecer");
    const token = location.searchParams.get("token")!;

    const done = (await resetAction({ request: requestFor("/restablecer", { form: { token, password: "nueva-clave-segura-1", confirm: "nueva-clave-segura-1" } }), params: {}, context }).catch((r: Response) => r)) as Response;
    expect(done.status).toBe(302);
    expect(await whoIs(await sessionCookieFor(email, "nueva-clave-segura-1"))).not.toBeNull();

    const reused = (await resetAction({ request: requestFor("/restablecer", { form: { token, password: "otra-clave-segura-2", confirm: "otra-clave-segura-2" } }), params: {}, context })) as Response;
    expect(reused.status).toBe(400);
    expect(JSON.stringify(await reused.json())).toContain("venció o ya fue usado");
  });
});
