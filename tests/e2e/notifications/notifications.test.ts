import { describe, expect, it } from "vitest";
import { gotoHydrated, login, watchConsole } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * /notificaciones in a real browser: no console or page errors (the hydration
 * errors #418/#423 of a form inside a paragraph), the header's unread count,
 * "Marcar todas como leídas" without JS, and the preferences form round-trip.
 */
describe("notifications in the browser", () => {
  const env = usePortalAndBrowser();
  const email = "omil.sancarlos@demo.redomil.cl";

  it("shows the unread count in the header, loads without console errors, and marks all read", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    // The reminders job runs right after start: wait until the demo's reminders have reached this person.
    const unreadLink = page.getByRole("link", { name: /^Notificaciones \(\d+ sin leer\)$/ });
    const deadline = Date.now() + 60_000;
    while ((await unreadLink.count()) === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      await gotoHydrated(page, `${env.portal.baseUrl}/inicio`);
    }
    const name = await unreadLink.textContent();
    expect(Number(/(\d+) sin leer/.exec(name ?? "")?.[1])).toBeGreaterThan(0);

    await gotoHydrated(page, `${env.portal.baseUrl}/notificaciones`);
    await page.getByRole("heading", { name: "Notificaciones", level: 1 }).waitFor();
    // Let React report anything late (hydration mismatches are logged after hydration).
    await page.waitForLoadState("networkidle");
    expect(problems).toEqual([]);

    await Promise.all([page.waitForURL(/\/notificaciones$/), page.getByRole("button", { name: "Marcar todas como leídas" }).click()]);
    await page.getByText("No tienes notificaciones sin leer.").waitFor();
    await expect(page.getByRole("link", { name: "Notificaciones", exact: true }).count()).resolves.toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("saves notification preferences, and keeps working without JavaScript", async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Log in with JS (the login helper waits for hydration), then browse without it.
    const withJs = await env.browser.newContext();
    const loginPage = await withJs.newPage();
    await login(loginPage, env.portal.baseUrl, "omil.sanfabian@demo.redomil.cl", env.portal.demoPasswords["omil.sanfabian@demo.redomil.cl"]);
    await context.addCookies(await withJs.cookies());
    await withJs.close();

    await page.goto(`${env.portal.baseUrl}/notificaciones/preferencias`);
    const menciones = page.getByRole("group", { name: "Menciones" });
    await expect(menciones.getByLabel("Correo inmediato").isChecked()).resolves.toBe(true);
    await menciones.getByLabel("Resumen diario").check();
    await page.getByRole("group", { name: "Novedades de la red" }).getByLabel("Resumen semanal (lunes)").check();
    await Promise.all([page.waitForURL(/guardado=1/), page.getByRole("button", { name: "Guardar preferencias" }).click()]);
    await page.getByText("Tus preferencias quedaron guardadas.").waitFor();
    await expect(page.getByRole("group", { name: "Menciones" }).getByLabel("Resumen diario").isChecked()).resolves.toBe(true);
    await expect(page.getByRole("group", { name: "Novedades de la red" }).getByLabel("Resumen semanal (lunes)").isChecked()).resolves.toBe(true);
    await expect(page.getByRole("group", { name: "Recordatorios" }).getByLabel("Correo inmediato").isChecked()).resolves.toBe(true);
    await context.close();
  });
});
