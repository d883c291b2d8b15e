import http from "node:http";
import { describe, expect, it } from "vitest";
import { gotoHydrated, login, watchConsole } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";
import { waitForEmail } from "../../setup/eml";

function post(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end("email=a%40b.cl&password=x");
  });
}

describe("errors a person can meet, in Spanish", () => {
  const env = usePortalAndBrowser();

  it("answers an unknown URL with a Spanish 404 page, without CSP violations", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    const response = await page.goto(`${env.portal.baseUrl}/no-existe-xyz`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Página no encontrada");
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/No route matches|Error:/);
    // The page hydrates: its scripts carry the nonce.
    await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
    expect(await page.title()).toBe("Página no encontrada · Red OMIL");
    // The browser's own "Failed to load resource: 404" for the document is expected; nothing else.
    expect(problems.filter((p) => !/Failed to load resource.*404/.test(p))).toEqual([]);
    await context.close();
  });

  it("keeps the signed-in person's header on the 404 page", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, "omil.sancarlos@demo.redomil.cl", env.portal.demoPasswords["omil.sancarlos@demo.redomil.cl"]);
    const problems = watchConsole(page);
    const response = await page.goto(`${env.portal.baseUrl}/redes/otra-cosa/que-no-existe`);
    expect(response?.status()).toBe(404);
    await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Página no encontrada");
    const header = page.locator("header").first();
    await expect(header.getByText("OMIL San Carlos").count()).resolves.toBeGreaterThan(0);
    await expect(header.getByRole("link", { name: "Ingresar" }).count()).resolves.toBe(0);
    await expect(page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Inicio", exact: true }).count()).resolves.toBe(1);
    expect(problems.filter((p) => !/Failed to load resource.*404/.test(p))).toEqual([]);
    await context.close();
  });

  it("refuses a form posted from another site (and from an opaque origin) with a Spanish 403 and a warning", async () => {
    const foreign = await post(`${env.portal.baseUrl}/ingresar`, { origin: "https://malicioso.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain("Envío rechazado");

    // A real browser posting from a page without an origin (about:blank) sends `Origin: null`.
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.setContent(
      `<form method="post" action="${env.portal.baseUrl}/ingresar"><input name="email" value="a@b.cl"><input name="password" value="clave-cualquiera"><button>Enviar</button></form>`,
    );
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Enviar" }).click()]);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Envío rechazado");
    await context.close();

    const output = env.portal.output();
    expect(output).toMatch(/Envío rechazado \(Origin de otro sitio\): POST \/ingresar/);
    expect(output).toMatch(/Envío rechazado \(Origin null\): POST \/ingresar/);
    // No error-level line for these (pino level 50 or Remix's CSRF error).
    expect(output).not.toMatch(/does not match `origin` header/);

    // A same-site post still works (the login page answers its own form).
    const same = await post(`${env.portal.baseUrl}/ingresar`, { origin: env.portal.baseUrl });
    expect(same.status).not.toBe(403);
  });

  it("tells a used reset link and an invalid one apart on the reset page", async () => {
    const email = "omil.sanfabian@demo.redomil.cl";
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await gotoHydrated(page, `${env.portal.baseUrl}/recuperar`);
    await page.getByLabel("Correo").fill(email);
    await page.getByRole("button").filter({ hasText: /enlace|Enviar/i }).first().click();
    const mail = (await waitForEmail(env.portal.dataDir, email, "/restablecer?token")).text;
    const link = mail.match(/https?:\/\/\S+\/restablecer\?token=[\w-]+/)![0];

    await gotoHydrated(page, link);
    await page.locator("input[name=password]").fill("otra-clave-segura-77");
    await page.locator("input[name=confirm]").fill("otra-clave-segura-77");
    await Promise.all([page.waitForURL((url) => url.pathname === "/ingresar"), page.getByRole("button", { name: "Guardar contraseña" }).click()]);

    await gotoHydrated(page, link);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Este enlace ya se usó");
    await gotoHydrated(page, `${env.portal.baseUrl}/restablecer?token=noExisteEsteToken1234567`);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Este enlace no es válido");
    await expect(page.getByRole("link", { name: "Pedir un enlace nuevo" }).count()).resolves.toBe(1);
    await context.close();
  });
});
