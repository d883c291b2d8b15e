import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPreferences } from "~/notifications/preferences.server";
import { action, loader } from "~/routes/notificaciones.preferencias";
import { createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { responseOf } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };

describe("notification preferences (/notificaciones/preferencias)", () => {
  let ctx: Ctx;
  let me: { userId: string; cookie: string };

  beforeAll(async () => {
    ctx = await setupAppContext();
    const org = await createOrganization(ctx.handle.db, { comunaCode: "16301" });
    me = await signedInActor(ctx.handle.db, org.id, "omil_staff");
  });
  afterAll(async () => ctx.close());

  const post = (form: Record<string, string>) => responseOf(action({ request: requestFor("/notificaciones/preferencias", { cookie: me.cookie, form }), params: {}, context }));

  it("starts with immediate email for every category", async () => {
    const data = (await (await responseOf(loader({ request: requestFor("/notificaciones/preferencias", { cookie: me.cookie }), params: {}, context }))).json()) as {
      preferences: Record<string, string>;
    };
    expect(data.preferences).toEqual({ menciones: "inmediato", recordatorios: "inmediato", validaciones: "inmediato", novedades: "inmediato" });
  });

  it("refuses a bad choice with a Spanish message, 400, and changes nothing", async () => {
    const response = await post({ menciones: "cada-hora", recordatorios: "diario", validaciones: "semanal" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.menciones).toEqual(["Elige cómo recibir los avisos de «Menciones»."]);
    expect(result.error.novedades).toEqual(["Elige cómo recibir los avisos de «Novedades de la red»."]);
    expect((await getPreferences(ctx.handle.db, me.userId)).recordatorios).toBe("inmediato");
  });

  it("saves the choices and says so", async () => {
    const response = await post({ menciones: "diario", recordatorios: "semanal", validaciones: "ninguno", novedades: "inmediato" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/notificaciones/preferencias?guardado=1");
    expect(await getPreferences(ctx.handle.db, me.userId)).toEqual({ menciones: "diario", recordatorios: "semanal", validaciones: "ninguno", novedades: "inmediato" });
  });
});
