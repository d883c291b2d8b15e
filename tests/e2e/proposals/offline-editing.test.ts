import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, login } from "../support/browser";
import { textWithoutCarets, until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * A live editor opened with no network at all (docs/decisions/0111): the proposal page comes from
 * this device's saved copy, its text from IndexedDB; what is typed offline survives closing the
 * tab, and reaches a co-author once the line is back. A form sent offline is kept as a draft on
 * this device, survives a reload, and is sent with "Enviar ahora" once online.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const SAN_FABIAN = "omil.sanfabian@demo.redomil.cl";
const ONLY_HERE = /Sin conexión: lo que escribas queda solo en este equipo/;
const SENTENCE = "Redactado en terreno sin señal.";

const section = (page: Page) => page.getByRole("textbox", { name: /^Sostenibilidad/ });
const sectionText = (page: Page) => textWithoutCarets(section(page));

/** Waits until the service worker controls the page and keeps this person's cache. */
async function waitForOfflineShell(page: Page) {
  await until(
    () => page.evaluate(async () => !!navigator.serviceWorker.controller && (await caches.keys()).some((name) => name.startsWith("redomil-pages-"))),
    "el service worker activo con la caché de la persona",
  );
}

describe("live editors offline", () => {
  const env = usePortalAndBrowser();
  const contexts: BrowserContext[] = [];

  async function signIn(email: string) {
    const context = await env.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.warn(`[${email}] error de página: ${error.message}`));
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    return { context, page };
  }

  it("opens a visited proposal offline, keeps what is typed across closing the tab, and merges it when back online", async () => {
    const a = await signIn(SAN_CARLOS);
    await waitForOfflineShell(a.page);
    await gotoHydrated(a.page, `${env.portal.baseUrl}/propuestas`);
    await a.page.getByRole("link", { name: "Ruta del empleo rural de Punilla" }).click();
    await section(a.page).waitFor({ state: "visible", timeout: 60_000 });
    const proposalUrl = a.page.url();
    // The page itself is saved on a full visit (the client-side navigation saved its loader data).
    await gotoHydrated(a.page, proposalUrl);
    await section(a.page).waitFor({ state: "visible", timeout: 60_000 });
    const before = await sectionText(a.page);

    await a.context.setOffline(true);
    await a.page.reload();
    await section(a.page).waitFor({ state: "visible", timeout: 30_000 });
    await a.page.getByText(ONLY_HERE).waitFor({ state: "visible" });
    await until(async () => (await sectionText(a.page)) === before, "el texto guardado en este equipo");
    await section(a.page).click();
    await a.page.keyboard.press("Control+End");
    await a.page.keyboard.type(` ${SENTENCE}`);
    await until(async () => (await sectionText(a.page)).includes(SENTENCE), "la frase escrita sin conexión");
    // y-indexeddb stores each update at once; give it a moment before the tab goes.
    await new Promise((r) => setTimeout(r, 500));
    await a.page.close();

    // A new tab, still offline: the page and the sentence come back from this device.
    const reopened = await a.context.newPage();
    await reopened.goto(proposalUrl);
    await section(reopened).waitFor({ state: "visible", timeout: 30_000 });
    await reopened.getByText(ONLY_HERE).waitFor({ state: "visible" });
    await until(async () => (await sectionText(reopened)).includes(SENTENCE), "la frase tras cerrar y abrir la pestaña sin conexión");

    // Back online: the same tab reconnects by itself and a co-author sees the sentence.
    await a.context.setOffline(false);
    await reopened.getByText(ONLY_HERE).waitFor({ state: "detached", timeout: 30_000 });
    const b = await signIn(SAN_FABIAN);
    await gotoHydrated(b.page, proposalUrl);
    await section(b.page).waitFor({ state: "visible", timeout: 60_000 });
    await until(async () => (await sectionText(b.page)).includes(SENTENCE), "la frase en el navegador de San Fabián", 30_000);
    expect(await sectionText(reopened)).toBe(await sectionText(b.page));
  });

  it("keeps a form sent offline as a draft across a reload, and sends it with «Enviar ahora» once online", async () => {
    const { context, page } = await signIn(SAN_CARLOS);
    await waitForOfflineShell(page);
    await gotoHydrated(page, `${env.portal.baseUrl}/propuestas`);
    await page.getByRole("link", { name: "Ruta del empleo rural de Punilla" }).click();
    await section(page).waitFor({ state: "visible", timeout: 60_000 });
    const proposalUrl = page.url();
    await gotoHydrated(page, proposalUrl);
    const comment = "Comentario escrito en la feria, sin señal.";

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector("html[data-hydrated]");
    const form = page.getByRole("form", { name: "Nuevo comentario" });
    await form.getByLabel("Sección").selectOption({ index: 1 });
    await form.getByLabel("Comentario", { exact: true }).fill(comment);
    await form.getByRole("button", { name: "Comentar" }).click();
    await page.getByRole("alert").filter({ hasText: "No se envió «Nuevo comentario»: no hay conexión." }).waitFor({ state: "visible" });
    await expect(form.getByLabel("Comentario", { exact: true }).inputValue()).resolves.toBe(comment);

    // Reloaded, still offline: the page is the saved copy and the draft is back in its form.
    await page.reload();
    await page.waitForSelector("html[data-hydrated]");
    const notice = page.getByRole("region", { name: "Borrador sin enviar: Nuevo comentario" });
    await notice.waitFor({ state: "visible" });
    await until(async () => (await form.getByLabel("Comentario", { exact: true }).inputValue()) === comment, "el borrador de vuelta en el formulario");
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("redomil-draft:")).map((key) => localStorage.getItem(key) ?? ""));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain(comment);

    // Online: «Enviar ahora» sends it; the comment is on the page and the draft is gone.
    await context.setOffline(false);
    await notice.getByRole("button", { name: "Enviar ahora" }).click();
    await page.getByRole("article").filter({ hasText: comment }).waitFor({ state: "visible", timeout: 30_000 });
    await notice.waitFor({ state: "detached" });
    await until(async () => (await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("redomil-draft:")).length)) === 0, "el borrador borrado tras enviarlo");
  });

  it("keeps a form whose request lost the line while the browser said it was online, and says it was not sent", async () => {
    // Lie-fi: the device reports a connection, but the request never reaches the portal.
    const context = await env.browser.newContext({ serviceWorkers: "block" });
    contexts.push(context);
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);
    await gotoHydrated(page, `${env.portal.baseUrl}/propuestas`);
    await page.getByRole("link", { name: "Ruta del empleo rural de Punilla" }).click();
    await section(page).waitFor({ state: "visible", timeout: 60_000 });
    const proposalUrl = page.url();
    await gotoHydrated(page, proposalUrl);
    const comment = "Comentario enviado con una señal que no alcanzó.";
    await context.route("**/*", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));

    const form = page.getByRole("form", { name: "Nuevo comentario" });
    await form.getByLabel("Sección").selectOption({ index: 1 });
    await form.getByLabel("Comentario", { exact: true }).fill(comment);
    await form.getByRole("button", { name: "Comentar" }).click();
    await page.getByRole("alert").filter({ hasText: "No se envió «Nuevo comentario»: no hay conexión." }).waitFor({ state: "visible" });
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("redomil-draft:")).map((key) => localStorage.getItem(key) ?? ""));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain(comment);

    // Back on the page (the line works again): the draft is in its form, and «Enviar ahora» sends it.
    await context.unroute("**/*");
    await page.getByRole("link", { name: "Volver a la página" }).click();
    await page.waitForSelector("html[data-hydrated]");
    const notice = page.getByRole("region", { name: "Borrador sin enviar: Nuevo comentario" });
    await notice.waitFor({ state: "visible" });
    await until(async () => (await form.getByLabel("Comentario", { exact: true }).inputValue()) === comment, "el borrador de vuelta en el formulario");
    await notice.getByRole("button", { name: "Enviar ahora" }).click();
    await page.getByRole("article").filter({ hasText: comment }).waitFor({ state: "visible", timeout: 30_000 });
    await until(async () => (await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("redomil-draft:")).length)) === 0, "el borrador borrado tras enviarlo");
  });

  it("opens a visited meeting's minutes offline and keeps what is typed across closing the tab", async () => {
    const { context, page } = await signIn(SAN_CARLOS);
    const minutes = (p: Page) => p.getByRole("textbox", { name: "Minuta" });
    await waitForOfflineShell(page);
    await gotoHydrated(page, `${env.portal.baseUrl}/actividades`);
    await page.getByRole("link", { name: /^Reunión mensual de la red/ }).first().click();
    await page.getByRole("link", { name: "Tabla, asistencia, minuta y acuerdos" }).click();
    await minutes(page).waitFor({ state: "visible", timeout: 60_000 });
    const meetingUrl = page.url();
    await gotoHydrated(page, meetingUrl);
    await page.getByText(/^Conectado/).waitFor({ timeout: 30_000 });

    await context.setOffline(true);
    await page.reload();
    await minutes(page).waitFor({ state: "visible", timeout: 30_000 });
    await page.getByText(ONLY_HERE).waitFor({ state: "visible" });
    await minutes(page).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Acuerdo tomado sin conexión.");
    await new Promise((r) => setTimeout(r, 500));
    await page.close();

    const reopened = await context.newPage();
    await reopened.goto(meetingUrl);
    await minutes(reopened).waitFor({ state: "visible", timeout: 30_000 });
    await until(async () => (await textWithoutCarets(minutes(reopened))).includes("Acuerdo tomado sin conexión."), "la minuta escrita sin conexión tras reabrir");
    await context.setOffline(false);
    await reopened.getByText(/^Conectado/).waitFor({ timeout: 30_000 });
  });
});
