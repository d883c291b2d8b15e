/**
 * The library end to end, in a real browser against the built portal with
 * its embedded Meilisearch: a DR officer imports a write-up, fixes a field
 * and publishes it; an anonymous visitor finds it with a misspelled query
 * (results update while typing) and opens it. And the editor loses nothing
 * typed offline: its local backup outlives the tab and is recovered.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

const DOCUMENT = `Documentación Buenas Prácticas

Título: Feria de oficios rurales en Coihueco

Organización:
OMIL de Coihueco

Ámbitos impactados
- Articulación entre comunas
- Mejoramiento de servicios a buscadores de empleo

Beneficiarios
- Buscadores de empleo

Efectividad
Treinta personas de sectores rurales encontraron trabajo de temporada en dos jornadas.

Replicabilidad
Basta con un galpón municipal y el apoyo de dos OMIL vecinas.

¿Cómo surgió?
Las personas de los sectores altos no podían viajar a la feria laboral de la capital provincial.
`;

describe("good-practice library in the browser", () => {
  const env = usePortalAndBrowser();

  it("a DR officer imports, fixes and publishes; an anonymous visitor finds it misspelled", async () => {
    const dr = await env.browser.newContext({ locale: "es-CL" });
    const page = await dr.newPage();
    await login(page, env.portal.baseUrl, "dr.nuble@demo.redomil.cl", env.portal.demoPasswords["dr.nuble@demo.redomil.cl"]);

    await page.goto(`${env.portal.baseUrl}/buenas-practicas/importar`);
    await page.getByLabel("Documento").setInputFiles({ name: "feria-oficios.txt", mimeType: "text/plain", buffer: Buffer.from(DOCUMENT, "utf8") });
    await page.getByRole("button", { name: "Importar" }).click();
    // The importer says what it read from the text (Coihueco → Ñuble) before editing.
    await page.getByRole("heading", { name: /Borrador creado/ }).waitFor();
    await expect.poll(() => page.locator(".import-inferences").innerText()).toMatch(/Región de Ñuble[\s\S]*Coihueco/);
    await Promise.all([page.waitForURL(/\/editar\?importada=1$/), page.getByRole("link", { name: "Revisar y editar el borrador" }).click()]);
    await expect.poll(() => page.getByLabel("Título").inputValue()).toBe("Feria de oficios rurales en Coihueco");
    expect(await page.getByRole("checkbox", { name: "Articulación entre comunas" }).isChecked()).toBe(true);

    // Rich sections are editors once the page is interactive, and drafts save themselves.
    const difficulties = page.getByRole("textbox", { name: "Dificultades para implementarla" });
    await difficulties.click();
    await difficulties.pressSequentially("Conseguir el galpón en temporada alta.", { delay: 10 });
    await expect.poll(() => page.getByRole("status").filter({ hasText: "guardado automáticamente" }).count(), { timeout: 15_000 }).toBe(1);

    // The import could not know the year: the officer fixes it and the title's wording.
    await page.getByLabel("Año").fill("2026");
    await page.getByLabel("Título").fill("Feria de oficios rurales en la comuna de Coihueco");
    await Promise.all([page.waitForURL(/guardado=1/), page.getByRole("button", { name: "Guardar", exact: true }).click()]);
    expect(await page.getByLabel("Año").inputValue()).toBe("2026");
    await expect.poll(() => page.getByRole("textbox", { name: "Dificultades para implementarla" }).textContent()).toContain("Conseguir el galpón");

    await page.waitForLoadState("networkidle");
    await Promise.all([page.waitForURL(/\/buenas-practicas\/feria-de-oficios-rurales-en-coihueco$/), page.getByRole("button", { name: "Publicar" }).click()]);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Feria de oficios rurales en la comuna de Coihueco");
    await dr.close();

    const visitor = await env.browser.newContext({ locale: "es-CL" });
    const anon = await visitor.newPage();
    await anon.goto(`${env.portal.baseUrl}/buenas-practicas`);
    // The demo library was loaded at first start through the import path.
    const count = Number(/(\d+) prácticas/.exec((await anon.getByRole("heading", { level: 2 }).first().textContent()) ?? "")?.[1] ?? 0);
    expect(count).toBeGreaterThanOrEqual(13);
    const link = anon.getByRole("link", { name: "Feria de oficios rurales en la comuna de Coihueco" });
    // The index catches up in the background (outbox job every 2 s): wait for it with plain GETs first.
    await expect
      .poll(
        async () => {
          await anon.goto(`${env.portal.baseUrl}/buenas-practicas?q=ofisios+coiueco`);
          return link.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    // Then as a visitor would: type a misspelled query and watch the results follow, without pressing Enter.
    await anon.goto(`${env.portal.baseUrl}/buenas-practicas`);
    await anon.getByLabel("Buscar", { exact: true }).pressSequentially("ofisios coiueco", { delay: 30 });
    await anon.waitForURL(/q=ofisios\+coiueco/);
    await link.waitFor({ state: "visible" });
    await anon.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    expect(await anon.getByText("Búsqueda degradada").count()).toBe(0);
    await Promise.all([anon.waitForURL(/\/buenas-practicas\/feria-de-oficios-rurales-en-coihueco$/), link.click()]);
    await expect.poll(() => anon.getByRole("heading", { level: 1 }).textContent()).toBe("Feria de oficios rurales en la comuna de Coihueco");
    expect(await anon.getByRole("link", { name: "Descargar en Word (.docx)" }).count()).toBe(1);
    await visitor.close();

    // Other sites get the same search as JSON, over the portal's real HTTP stack.
    const api = await fetch(`${env.portal.baseUrl}/api/practicas?q=galpon+temporada+coiueco`);
    expect(api.status).toBe(200);
    expect(api.headers.get("access-control-allow-origin")).toBe("*");
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await api.json()) as { hits: { slug: string; snippet: string; url: string }[]; total: number; facets: Record<string, unknown> };
    expect(body.hits[0]).toMatchObject({ slug: "feria-de-oficios-rurales-en-coihueco", url: `${env.portal.baseUrl}/buenas-practicas/feria-de-oficios-rurales-en-coihueco` });
    expect(body.hits[0].snippet).toContain("<mark>galpón</mark> en <mark>temporada</mark>");
    expect(Object.keys(body.facets).sort()).toEqual(["ambito", "anio", "beneficiario", "region", "tipo"]);
  });

  it("keeps what is typed in the editor offline on this device, across closing the tab, and recovers it", async () => {
    const email = "omil.sancarlos@demo.redomil.cl";
    // (No service worker: the weak-line step below intercepts the page's own requests.)
    const context = await env.browser.newContext({ locale: "es-CL", serviceWorkers: "block" });
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    await gotoHydrated(page, `${env.portal.baseUrl}/buenas-practicas/nueva`);
    await page.getByLabel("Título").fill("Bolsa de empleo en la plaza");
    await Promise.all([page.waitForURL(/\/editar$/), page.getByRole("button", { name: "Crear borrador" }).click()]);
    const editorUrl = page.url();
    const section = (p: Page) => p.getByRole("textbox", { name: "Dificultades para implementarla" });
    const title = "Bolsa de empleo en la plaza de San Carlos";
    const words = "Llovió toda la mañana y la feria siguió bajo techo.";

    await section(page).waitFor();

    // The line drops: the autosave cannot go, the status line says what was kept where.
    await context.setOffline(true);
    await page.getByLabel("Título").fill(title);
    await page.getByRole("checkbox", { name: "Articulación entre comunas" }).check();
    await section(page).click();
    await section(page).pressSequentially(words, { delay: 5 });
    await page.getByRole("status").filter({ hasText: "Sin conexión: lo escrito quedó guardado en este equipo; se guardará cuando vuelva la conexión." }).waitFor({ timeout: 15_000 });
    // (Kept within a moment of the last keystroke; one backup, under this person's drafts.)
    const backups = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("redomil-draft:")).map((k) => localStorage.getItem(k) ?? ""));
    await expect.poll(async () => (await backups()).join()).toContain(words);
    expect(await backups()).toHaveLength(1);
    expect((await backups())[0]).toContain(title);
    await page.close();

    // Another day, online: the editor shows the portal's copy and offers this device's.
    await context.setOffline(false);
    const reopened = await context.newPage();
    await gotoHydrated(reopened, editorUrl);
    const notice = reopened.getByRole("alert").filter({ hasText: "Hay cambios que no llegaron al portal." });
    await notice.waitFor();
    expect(await reopened.getByLabel("Título").inputValue()).toBe("Bolsa de empleo en la plaza");
    const axe = await new AxeBuilder({ page: reopened }).include(".local-copy-notice").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // A weak line: the browser says "online" but the autosave's request never arrives.
    const weakLine = (url: URL) => url.pathname.endsWith("/editar");
    await context.route(weakLine, (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
    await notice.getByRole("button", { name: "Recuperar lo escrito en este equipo" }).focus();
    await reopened.keyboard.press("Enter");
    await expect.poll(() => reopened.getByLabel("Título").inputValue()).toBe(title);
    expect(await section(reopened).textContent()).toBe(words);
    expect(await reopened.getByRole("checkbox", { name: "Articulación entre comunas" }).isChecked()).toBe(true);
    expect(await reopened.evaluate(() => document.activeElement?.textContent)).toContain("Recuperamos lo escrito en este equipo");

    // The autosave that found no network says so, the editor stays; it is sent again by itself.
    await reopened.getByRole("status").filter({ hasText: "Sin conexión: lo escrito quedó guardado en este equipo" }).waitFor({ timeout: 15_000 });
    expect(await reopened.evaluate(() => navigator.onLine)).toBe(true);
    await context.unroute(weakLine);
    await reopened.getByRole("status").filter({ hasText: "guardado automáticamente" }).waitFor({ timeout: 15_000 });
    await expect.poll(() => reopened.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("redomil-draft:")).length)).toBe(0);
    await gotoHydrated(reopened, editorUrl);
    await section(reopened).waitFor();
    expect(await reopened.getByLabel("Título").inputValue()).toBe(title);
    expect(await section(reopened).textContent()).toBe(words);
    expect(await reopened.getByRole("checkbox", { name: "Articulación entre comunas" }).isChecked()).toBe(true);
    expect(await reopened.getByText("Hay cambios que no llegaron al portal.").count()).toBe(0);
    await context.close();
  });
});
