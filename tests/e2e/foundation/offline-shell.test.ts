import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, login, watchConsole } from "../support/browser";
import { until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * The offline shell (docs/decisions/0110): pages a signed-in person visited open without network
 * from this device's copy, with a banner saying it and when they were saved; signing out drops
 * them, so the next person on a shared computer cannot read them offline.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const BANNER = /Sin conexión — datos del \d{1,2} de \w+ de \d{4}/;

/** Waits until the service worker controls the page and keeps this person's cache. */
async function waitForOfflineShell(page: Page) {
  await until(
    () => page.evaluate(async () => !!navigator.serviceWorker.controller && (await caches.keys()).some((name) => name.startsWith("redomil-pages-"))),
    "el service worker activo con la caché de la persona",
  );
}

describe("offline shell", () => {
  const env = usePortalAndBrowser();

  it("opens visited pages offline with the saved-copy banner, and forgets them on sign-out", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await login(page, env.portal.baseUrl, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);
    await waitForOfflineShell(page);
    await gotoHydrated(page, `${env.portal.baseUrl}/propuestas`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const proposalsHeading = await page.getByRole("heading", { level: 1 }).first().innerText();
    await gotoHydrated(page, `${env.portal.baseUrl}/calendario`);
    const calendarHeading = await page.getByRole("heading", { level: 1 }).first().innerText();
    await expect(page.getByText(BANNER).count()).resolves.toBe(0);

    await context.setOffline(true);
    for (const [path, heading] of [
      ["/propuestas", proposalsHeading],
      ["/calendario", calendarHeading],
    ]) {
      await gotoHydrated(page, `${env.portal.baseUrl}${path}`);
      await page.getByRole("heading", { level: 1, name: heading }).first().waitFor();
      await page.getByText(BANNER).waitFor({ state: "visible" });
      await page.getByText("copia guardada en este equipo").waitFor({ state: "visible" });
    }
    // Offline, a client-side navigation to a saved page also gets it (and its banner).
    await page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Propuestas" }).click();
    await page.waitForURL(/\/propuestas$/);
    await page.getByRole("heading", { level: 1, name: proposalsHeading }).first().waitFor();
    await page.getByText(BANNER).waitFor({ state: "visible" });

    // A page never visited: the offline page, not an error of the browser.
    await page.goto(`${env.portal.baseUrl}/metas`);
    await page.getByRole("heading", { name: "Sin conexión" }).waitFor();
    await page.getByText("Esta página no está guardada en este equipo").waitFor();

    // Sign out (online), then offline: the previous person's pages are gone from this device.
    await context.setOffline(false);
    await gotoHydrated(page, `${env.portal.baseUrl}/propuestas`);
    await page.getByRole("button", { name: "Cerrar sesión" }).click();
    await page.waitForURL(/\/ingresar/);
    await until(() => page.evaluate(async () => !(await caches.keys()).some((name) => name.startsWith("redomil-pages-"))), "la caché borrada al cerrar sesión");
    await context.setOffline(true);
    await page.goto(`${env.portal.baseUrl}/propuestas`);
    await page.getByText("Esta página no está guardada en este equipo").waitFor();
    expect(await page.getByRole("heading", { name: proposalsHeading }).count()).toBe(0);
    await context.close();
    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p))).toEqual([]);
  });
});
