import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, invitations } from "~/db/schema";
import { action as acceptAction, loader as acceptLoader } from "~/routes/invitacion.$token";
import { action as usersAction } from "~/routes/admin.usuarios";
import { createOrganization, createUser, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };

async function invite(cookie: string, form: Record<string, string>) {
  return (await usersAction({ request: requestFor("/admin/usuarios", { cookie, form }), params: {}, context })) as Response;
}

function tokenFromOutbox(text: string) {
  return text.match(/\/invitacion\/([A-Za-z0-9_-]+)/)![1];
}

describe("invitations and login", () => {
  let ctx: Ctx;
  let drCookie: string;
  let omilId: string;
  let otherRegionOmilId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16" });
    omilId = (await createOrganization(db, { comunaCode: "16301" })).id;
    otherRegionOmilId = (await createOrganization(db, { comunaCode: "08101", regionCode: "08" })).id;
    drCookie = (await signedInActor(db, dr.id, "dr_staff")).cookie;
  });
  afterAll(async () => ctx.close());

  it("invites by email through the outbox and accepts once", async () => {
    const response = await invite(drCookie, { name: "Ana Pérez", email: "ana@ejemplo.cl", organizationId: omilId, role: "omil_staff" });
    expect(response.status).toBe(302);
    const [mail] = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, "ana@ejemplo.cl"));
    const token = tokenFromOutbox(mail.text);

    const shown = (await acceptLoader({ request: requestFor(`/invitacion/${token}`), params: { token }, context })) as Response;
    expect(shown.status).toBe(200);

    const mismatch = (await acceptAction({ request: requestFor(`/invitacion/${token}`, { form: { password: "una-clave-larga-1", confirm: "otra" } }), params: { token }, context })) as Response;
    expect(mismatch.status).toBe(400);
    expect(JSON.stringify(await mismatch.json())).toContain("Las contraseñas no coinciden.");

    const accepted = (await acceptAction({ request: requestFor(`/invitacion/${token}`, { form: { password: "una-clave-larga-1", confirm: "una-clave-larga-1" } }), params: { token }, context })) as Response;
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/inicio");
    expect(accepted.headers.get("set-cookie")).toContain("session_token");

    const reused = (await acceptLoader({ request: requestFor(`/invitacion/${token}`), params: { token }, context })) as Response;
    expect(reused.status).toBe(410);
    expect((await reused.json()).message).toContain("ya fue usada");
  });

  it("says an expired invitation expired", async () => {
    await invite(drCookie, { name: "Beto Soto", email: "beto@ejemplo.cl", organizationId: omilId, role: "omil_staff" });
    const [mail] = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, "beto@ejemplo.cl"));
    const token = tokenFromOutbox(mail.text);
    await ctx.handle.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, "beto@ejemplo.cl"));
    const response = (await acceptLoader({ request: requestFor(`/invitacion/${token}`), params: { token }, context })) as Response;
    expect(response.status).toBe(410);
    expect((await response.json()).message).toContain("venció");
  });

  it("refuses a duplicate email, a role that does not fit, and another region's office — keeping the form", async () => {
    await createUser(ctx.handle.db, omilId, "omil_staff", { email: "ya@ejemplo.cl" });
    const dup = await invite(drCookie, { name: "Ya Existe", email: "ya@ejemplo.cl", organizationId: omilId, role: "omil_staff" });
    expect(dup.status).toBe(400);
    const body = await dup.json();
    expect(body.result.error.email).toEqual(["Ya existe una cuenta con ese correo."]);
    expect(body.result.initialValue.name).toBe("Ya Existe");

    const wrongRole = await invite(drCookie, { name: "Rol Malo", email: "rol@ejemplo.cl", organizationId: omilId, role: "dr_staff" });
    expect(wrongRole.status).toBe(400);
    const foreign = await invite(drCookie, { name: "Otra Región", email: "otra@ejemplo.cl", organizationId: otherRegionOmilId, role: "omil_staff" });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(await foreign.json())).toContain("No puedes invitar");
  });
});
