import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";
import { watchConsole } from "../support/browser";
import { PHONE_WIDTH, checkPage, describeFindings, walkSite } from "../support/site-walk";

/*
 * The accessibility gate: every kind of page each role reaches by following
 * links, at 375 px, with axe-core's WCAG 2.1 A/AA rules — no serious or
 * critical violation, no sideways scrolling, no console or page error.
 * Shapes already walked for an earlier role are not walked again (the suite
 * stays within its time budget); the roles go from the widest view down.
 */
describe("accessibility of every page, per role", () => {
  const env = usePortalAndBrowser();
  const seen = new Set<string>();

  it("sees a problem when a page has one (an unlabelled field, a page wider than a phone, a page error)", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
    const problems = watchConsole(page);
    await page.setContent(`<!doctype html><html lang="es"><head><title>Prueba</title></head><body><main><h1>Prueba</h1>
      <input type="text"><div style="width:600px">ancho</div><script>throw new Error("roto")</script></main></body></html>`);
    const found = await checkPage(page, problems);
    await context.close();
    expect(found.some((p) => p.startsWith("axe critical label"))).toBe(true);
    expect(found.some((p) => /se desborda a 6\d\d px/.test(p))).toBe(true);
    expect(found.some((p) => p.includes("roto"))).toBe(true);
  });

  it("an anonymous visitor's pages", async () => {
    const context = await env.browser.newContext({ serviceWorkers: "block" });
    const { visited, findings } = await walkSite(context, env.portal.baseUrl, ["/", "/buenas-practicas", "/ferias", "/ingresar", "/no-existe-esta-pagina"], { seen });
    await context.close();
    console.info(`[accesibilidad] visitante: ${visited.length} páginas`);
    expect(visited.length).toBeGreaterThanOrEqual(4);
    expect(describeFindings(findings)).toEqual([]);
  });

  for (const email of ["omil.sancarlos@demo.redomil.cl", "dr.nuble@demo.redomil.cl", "omil.sanfabian@demo.redomil.cl", "admin@demo.redomil.cl"]) {
    it(`the pages ${email} reaches`, async () => {
      const context = await env.browser.newContext({ serviceWorkers: "block" });
      const page = await context.newPage();
      await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
      await page.close();
      const { visited, findings } = await walkSite(context, env.portal.baseUrl, ["/inicio"], { seen, limit: 45 });
      await context.close();
      console.info(`[accesibilidad] ${email}: ${visited.length} páginas`);
      expect(visited.length).toBeGreaterThan(0);
      expect(describeFindings(findings)).toEqual([]);
      expect(env.portal.errorLines()).toEqual([]);
    }, 600_000);
  }
});
