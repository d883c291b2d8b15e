import { describe, expect, it } from "vitest";
import { gotoHydrated, login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";
import { waitForEmail } from "../../setup/eml";

describe("foundation in the browser", () => {
  const env = usePortalAndBrowser();

  it("prints one demo password per role at first start", () => {
    expect(Object.keys(env.portal.demoPasswords).sort()).toEqual(
      ["admin@demo.redomil.cl", "dr.nuble@demo.redomil.cl", "omil.sancarlos@demo.redomil.cl", "omil.sanfabian@demo.redomil.cl"].sort(),
    );
  });

  const roles = [
    { email: "admin@demo.redomil.cl", sees: ["Inicio", "Redes", "Administración"], org: "SENCE Nivel Central" },
    { email: "dr.nuble@demo.redomil.cl", sees: ["Inicio", "Redes", "Administración"], org: "Dirección Regional SENCE Ñuble" },
    { email: "omil.sancarlos@demo.redomil.cl", sees: ["Inicio", "Redes", "Administración"], org: "OMIL San Carlos" },
    { email: "omil.sanfabian@demo.redomil.cl", sees: ["Inicio", "Redes"], hidden: ["Administración"], org: "OMIL San Fabián" },
  ];
  for (const role of roles) {
    it(`${role.email} logs in and sees its navigation`, async () => {
      const context = await env.browser.newContext();
      const page = await context.newPage();
      await login(page, env.portal.baseUrl, role.email, env.portal.demoPasswords[role.email]);
      expect(new URL(page.url()).pathname).toBe("/inicio");
      const nav = page.getByRole("navigation", { name: "Principal" });
      for (const label of role.sees) await expect(nav.getByRole("link", { name: label, exact: true }).count()).resolves.toBe(1);
      for (const label of role.hidden ?? []) await expect(nav.getByRole("link", { name: label, exact: true }).count()).resolves.toBe(0);
      await expect(page.getByRole("heading", { name: "Mi organización" }).isVisible()).resolves.toBe(true);
      await expect(page.getByText(role.org).first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole("link", { name: "Red Territorial Punilla" }).count()).resolves.toBe(1);
      await context.close();
    });
  }

  it("sends an anonymous visitor from private pages to the login page", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    for (const pathname of ["/inicio", "/redes", "/admin/usuarios"]) {
      await page.goto(`${env.portal.baseUrl}${pathname}`);
      const url = new URL(page.url());
      expect(url.pathname).toBe("/ingresar");
      expect(url.searchParams.get("redirectTo")).toBe(pathname);
    }
    await context.close();
  });

  it("lets an invited person set a password from the emailed link and log in", async () => {
    const admin = await env.browser.newContext();
    const page = await admin.newPage();
    await login(page, env.portal.baseUrl, "dr.nuble@demo.redomil.cl", env.portal.demoPasswords["dr.nuble@demo.redomil.cl"]);
    await gotoHydrated(page, `${env.portal.baseUrl}/admin/usuarios`);
    // Bad input first: the form keeps what was typed and explains in Spanish.
    await page.getByLabel("Nombre completo").fill("Paula Rivas");
    await page.getByLabel("Correo").fill("no-es-un-correo");
    await page.getByRole("button", { name: "Enviar invitación" }).click();
    await expect(page.getByText("Correo no válido.").first().isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Nombre completo").inputValue()).resolves.toBe("Paula Rivas");

    await page.getByLabel("Correo").fill("paula.rivas@ejemplo.cl");
    await page.getByLabel("Organización").selectOption({ label: "OMIL Ñiquén" });
    await page.getByLabel("Rol").selectOption({ label: "Equipo OMIL" });
    await page.getByRole("button", { name: "Enviar invitación" }).click();
    await page.waitForURL(/invitada=/);
    await admin.close();

    const email = await waitForEmail(env.portal.dataDir, "paula.rivas@ejemplo.cl", "/invitacion/");
    const link = email.text.match(/https?:\/\/\S+\/invitacion\/\S+/)![0];
    const invited = await env.browser.newContext();
    const p2 = await invited.newPage();
    await gotoHydrated(p2, link);
    await p2.getByLabel(/^Contraseña/).fill("una-clave-segura-2026");
    await p2.getByLabel("Repite la contraseña").fill("una-clave-segura-2026");
    await Promise.all([p2.waitForURL(/\/inicio$/), p2.getByRole("button", { name: "Crear mi cuenta" }).click()]);
    await expect(p2.getByText("OMIL Ñiquén").first().isVisible()).resolves.toBe(true);

    // The link is single use.
    await p2.goto(link);
    await expect(p2.getByText("Esta invitación ya fue usada").isVisible()).resolves.toBe(true);
    await invited.close();

    const again = await env.browser.newContext();
    const p3 = await again.newPage();
    await login(p3, env.portal.baseUrl, "paula.rivas@ejemplo.cl", "una-clave-segura-2026");
    expect(new URL(p3.url()).pathname).toBe("/inicio");
    await again.close();
  });

  it("logged every request and no error line (pino, JSON lines)", () => {
    expect(env.portal.errorLines()).toEqual([]);
    const requests = env.portal
      .output()
      .split("\n")
      .filter((line) => line.includes('"component":"http"'))
      .map((line) => JSON.parse(line) as { method: string; path: string; status: number; ms: number; reqId: string });
    expect(requests.some((r) => r.method === "POST" && r.status < 500)).toBe(true);
    for (const r of requests) expect(r).toMatchObject({ method: expect.any(String), path: expect.any(String), status: expect.any(Number), ms: expect.any(Number), reqId: expect.any(String) });
    // Never a query string, cookie or token in the log.
    expect(requests.some((r) => r.path.includes("?"))).toBe(false);
    expect(env.portal.output()).not.toMatch(/better-auth\.session_token|"cookie"/);
  });
});
