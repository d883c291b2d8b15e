/**
 * The library end to end, in a real browser against the built portal with
 * its embedded Meilisearch: a DR officer imports a write-up, fixes a field
 * and publishes it; an anonymous visitor finds it with a misspelled query
 * (results update while typing) and opens it.
 */
import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
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
});
