import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

const OFFICE = "omil.sanfabian@demo.redomil.cl";
const COORDINATOR = "omil.sancarlos@demo.redomil.cl";
const GOAL = "Personas colocadas en empleos formales";

/** "Validado: 97 de 180 personas…" from the chart's accessible description. */
async function chartValidated(page: Page): Promise<number> {
  const desc = await page.locator("figure.goal-chart svg desc").first().textContent();
  const match = /Validado: ([\d.,]+) de/.exec(desc ?? "");
  if (!match) throw new Error(`chart description not found: ${desc}`);
  return Number(match[1].replace(/\./g, "").replace(",", "."));
}

async function openGoal(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/metas`);
  await page.getByRole("link", { name: "Red Territorial Punilla" }).first().click();
  await page.waitForURL(/\/redes\/[^/]+\/metas/);
  await page.getByRole("heading", { name: new RegExp(GOAL) }).getByRole("link", { name: GOAL }).click();
  await page.waitForURL(/\/metas\/[0-9a-f-]{36}$/);
  // The URL changes before the new page has rendered: wait for the goal's own heading.
  await page.getByRole("heading", { level: 1, name: new RegExp(GOAL) }).waitFor();
}

describe("network goals in the browser", () => {
  const env = usePortalAndBrowser();

  it("an office records an entry, the coordinator validates it, and the board and chart update", async () => {
    const officeContext = await env.browser.newContext();
    const office = await officeContext.newPage();
    await login(office, env.portal.baseUrl, OFFICE, env.portal.demoPasswords[OFFICE]);
    await openGoal(office, env.portal.baseUrl);
    const goalUrl = office.url();
    const before = await chartValidated(office);

    const entryForm = office.getByRole("form", { name: /Registrar avance de OMIL San Fabián/ });
    await entryForm.getByLabel("Valor").fill("7");
    await entryForm.getByLabel("Nota de respaldo").fill("Colocaciones de la feria comunal (prueba)");
    await Promise.all([office.waitForURL(/avance=registrado/), entryForm.getByRole("button", { name: "Registrar avance" }).click()]);
    const pendingSection = office.getByRole("region", { name: /Pendientes de validación/ });
    await pendingSection.getByRole("row").filter({ hasText: "Colocaciones de la feria comunal" }).waitFor();
    // Pending does not count as official progress.
    await expect.poll(() => chartValidated(office)).toBe(before);
    // The office cannot validate.
    await expect(office.getByRole("button", { name: "Validar" }).count()).resolves.toBe(0);
    await officeContext.close();

    const coordinatorContext = await env.browser.newContext();
    const coordinator = await coordinatorContext.newPage();
    await login(coordinator, env.portal.baseUrl, COORDINATOR, env.portal.demoPasswords[COORDINATOR]);
    await coordinator.goto(goalUrl);
    await coordinator.getByRole("heading", { level: 1, name: new RegExp(GOAL) }).waitFor();
    const row = coordinator.getByRole("region", { name: /Pendientes de validación/ }).getByRole("row").filter({ hasText: "Colocaciones de la feria comunal" });
    await row.getByRole("button", { name: "Validar" }).click();
    await coordinator.getByRole("region", { name: /Validados y rechazados/ }).getByRole("row").filter({ hasText: "Colocaciones de la feria comunal" }).waitFor();
    await expect.poll(() => chartValidated(coordinator)).toBe(before + 7);

    // The network board shows the new validated total in the bar and in the chart.
    await coordinator.getByRole("link", { name: /← Metas/ }).click();
    await coordinator.waitForURL(/\/metas\?anio=/);
    await coordinator.getByRole("heading", { level: 1, name: /Metas de la red/ }).waitFor();
    const card = coordinator.getByRole("region", { name: new RegExp(GOAL) });
    const numbers = await card.locator(".goal-progress__numbers").textContent();
    expect(numbers).toContain(`Validado: ${before + 7} de 180 personas`);
    const desc = await card.locator("svg desc").textContent();
    expect(desc).toContain(`Validado: ${before + 7} de 180`);
    await coordinatorContext.close();
  });

  it("the DR compares both demo networks in the regional table and heatmap, and sorts them", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const email = "dr.nuble@demo.redomil.cl";
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    await page.goto(`${env.portal.baseUrl}/region?orden=nombre&dir=asc`);
    const table = page.getByRole("table", { name: "Redes de la región y sus metas" });
    const names = await table.locator("tbody th").allTextContents();
    expect(names).toEqual(["Red Territorial Diguillín", "Red Territorial Punilla"]);
    await table.getByRole("link", { name: /Nombre de la red/ }).click();
    await page.waitForURL(/dir=desc/);
    await expect.poll(() => table.locator("tbody th").allTextContents()).toEqual(["Red Territorial Punilla", "Red Territorial Diguillín"]);
    const heatmap = page.getByRole("region", { name: "Mapa de calor por indicador" });
    // Demo data: 7 goals over 4 indicators, some of them behind (exact statuses depend on the day of the year).
    await expect(heatmap.locator("td.heat:not(.heat--none)").count()).resolves.toBe(7);
    await expect(heatmap.locator("td.heat--en_riesgo, td.heat--atrasada").count()).resolves.toBeGreaterThan(0);
    await context.close();
  });
});
