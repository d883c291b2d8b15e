import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActor } from "~/auth/session.server";
import { emailOutbox, verification } from "~/db/schema";
import { RESET_LINK_MESSAGES, resetLinkState } from "~/features/accounts/password-reset.server";
import { action as requestResetAction } from "~/routes/recuperar";
import { action as resetAction, loader as resetLoader } from "~/routes/restablecer";
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
    const link = new URL(mail.text.match(/https?:\/\/\S+/)![0]);
    // The link opens our page directly, which checks the token itself.
    expect(link.pathname).toBe("/restablecer");
    const token = link.searchParams.get("token")!;
    const opened = (await resetLoader({ request: requestFor(`/restablecer?token=${token}`), params: {}, context })) as Response;
    expect(await opened.json()).toEqual({ token, problem: null });

    const done = (await resetAction({ request: requestFor("/restablecer", { form: { token, password: "nueva-clave-segura-1", confirm: "nueva-clave-segura-1" } }), params: {}, context }).catch((r: Response) => r)) as Response;
    expect(done.status).toBe(302);
    expect(await whoIs(await sessionCookieFor(email, "nueva-clave-segura-1"))).not.toBeNull();

    const reused = (await resetAction({ request: requestFor("/restablecer", { form: { token, password: "otra-clave-segura-2", confirm: "otra-clave-segura-2" } }), params: {}, context })) as Response;
    expect(reused.status).toBe(400);
    expect(JSON.stringify(await reused.json())).toContain("Este enlace ya se usó");
    const reopened = (await resetLoader({ request: requestFor(`/restablecer?token=${token}`), params: {}, context })) as Response;
    expect((await reopened.json()).problem).toContain("Este enlace ya se usó");
  });

  it("tells an expired link, a used one and an invalid one apart, in Spanish", async () => {
    const db = ctx.handle.db;
    const { email } = await createUser(db, orgId, "omil_staff");
    await requestResetAction({ request: requestFor("/recuperar", { form: { email } }), params: {}, context });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
    const token = new URL(mail.text.match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
    const problemOf = async (t: string) => {
      const response = (await resetLoader({ request: requestFor(`/restablecer?token=${encodeURIComponent(t)}`), params: {}, context })) as Response;
      return ((await response.json()) as { problem: string | null }).problem;
    };

    expect(await resetLinkState(db, token)).toBe("valid");
    const inTwoHours = new Date(Date.now() + 2 * 3600_000);
    expect(await resetLinkState(db, token, inTwoHours)).toBe("expired");
    // better-auth sweeps expired rows; the ledger still knows the link expired.
    await db.delete(verification).where(eq(verification.identifier, `reset-password:${token}`));
    expect(await resetLinkState(db, token, inTwoHours)).toBe("expired");
    await db.update(verification).set({ value: JSON.stringify({ linkExpiresAt: new Date(Date.now() - 1000).toISOString(), usedAt: null }) }).where(like(verification.identifier, "reset-password-ledger:%"));
    expect(await problemOf(token)).toBe(RESET_LINK_MESSAGES.expired);
    expect(RESET_LINK_MESSAGES.expired).toContain("venció");

    expect(await problemOf("")).toBe(RESET_LINK_MESSAGES.invalid);
    expect(await problemOf("AbCdEfGhIjKlMnOpQrStUvWx")).toBe(RESET_LINK_MESSAGES.invalid);
    expect(await problemOf(`${token}x`)).toBe(RESET_LINK_MESSAGES.invalid);
    expect(RESET_LINK_MESSAGES.invalid).toContain("no es válido");
    expect(new Set(Object.values(RESET_LINK_MESSAGES)).size).toBe(3);

    // Posting to an expired link answers its own message, not a generic one.
    const posted = (await resetAction({ request: requestFor("/restablecer", { form: { token, password: "nueva-clave-segura-3", confirm: "nueva-clave-segura-3" } }), params: {}, context })) as Response;
    expect(posted.status).toBe(400);
    expect(JSON.stringify(await posted.json())).toContain("Este enlace venció");
  });
});
