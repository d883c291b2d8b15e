import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";
import { demoPages, overflowingPages, seriousViolations } from "./support";

const COORDINATOR = "omil.sancarlos@demo.redomil.cl";
const ADMIN = "admin@demo.redomil.cl";
const MEMBER = "omil.sanfabian@demo.redomil.cl";
const DR = "dr.nuble@demo.redomil.cl";

/*
 * The finished UI (issue 14, point 8): no page scrolls sideways at 375 px, the header keeps one
 * row at 1366 px, and the pages this work touched have no serious or critical axe violations.
 */
describe("the design system in the browser", () => {
  const env = usePortalAndBrowser();

  it("no page scrolls sideways at 375 px and the touched pages pass axe (WCAG 2.1 A/AA)", async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, COORDINATOR, env.portal.demoPasswords[COORDINATOR]);
    const demo = await demoPages(page, env.portal.baseUrl);
    const paths = [
      "/inicio",
      "/redes",
      demo.network,
      `${demo.network}/calendario`,
      `${demo.network}/reuniones`,
      `${demo.network}/metas`,
      demo.goal,
      demo.proposal,
      "/propuestas",
      "/convocatorias",
      "/actividades",
      demo.meeting,
      "/acuerdos",
      "/calendario",
      "/calendario?vista=semana",
      "/calendario?vista=lista",
      "/buenas-practicas",
      "/metas",
      "/notificaciones",
      "/cuenta",
      "/ferias",
    ];
    expect(await overflowingPages(page, env.portal.baseUrl, paths, 375)).toEqual({});
    expect(await seriousViolations(page, env.portal.baseUrl, paths)).toEqual([]);
    await context.close();

    // Signed out: the public fairs page (its titles and .ics links were white on white).
    const publicContext = await env.browser.newContext({ viewport: { width: 375, height: 800 } });
    const publicPage = await publicContext.newPage();
    expect(await overflowingPages(publicPage, env.portal.baseUrl, ["/ferias", "/buenas-practicas"], 375)).toEqual({});
    expect(await seriousViolations(publicPage, env.portal.baseUrl, ["/ferias"])).toEqual([]);
    await publicContext.close();
  }, 240_000);

  it("keeps the header on one row at 1366 px for the person with the longest menu", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, ADMIN, env.portal.demoPasswords[ADMIN]);
    const header = page.locator(".app-header__inner");
    const tops = await header.evaluate((el) => {
      const items = [el.querySelector(".brand"), ...el.querySelectorAll(".nav-list a"), el.querySelector(".user-box button")];
      return items.map((item) => {
        const r = item!.getBoundingClientRect();
        return r.top + r.height / 2;
      });
    });
    expect(tops.length).toBeGreaterThan(8);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(12);
    await context.close();
  });

  it("the home page lists this week's demo work for a coordinator and for a member office", async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, COORDINATOR, env.portal.demoPasswords[COORDINATOR]);
    await page.goto(`${env.portal.baseUrl}/inicio`);
    const week = page.getByRole("region", { name: "Esta semana" });
    const agreements = week.getByRole("region", { name: /Acuerdos por vencer o vencidos/ });
    const overdue = agreements.getByRole("listitem").filter({ hasText: "Enviar al alcalde informe semestral de la OMIL" });
    await expect(overdue.getByText("Vencido", { exact: true }).count()).resolves.toBe(1);
    await expect(agreements.getByRole("link", { name: "Enviar afiche de la feria a los municipios" }).count()).resolves.toBe(1);
    // The demo's pending entries of San Fabián wait for the coordinator; each links to its goal.
    const validations = week.getByRole("region", { name: /Avances por validar/ });
    await expect(validations.getByRole("listitem").filter({ hasText: "OMIL San Fabián" }).count()).resolves.toBeGreaterThan(0);
    await validations.getByRole("link").first().click();
    await page.waitForURL(/\/redes\/[0-9a-f-]{36}\/metas\/[0-9a-f-]{36}$/);
    await page.getByRole("region", { name: /Pendientes de validación/ }).getByRole("button", { name: "Validar" }).first().waitFor();
    await context.close();

    const memberContext = await env.browser.newContext();
    const member = await memberContext.newPage();
    await login(member, env.portal.baseUrl, MEMBER, env.portal.demoPasswords[MEMBER]);
    await member.goto(`${env.portal.baseUrl}/inicio`);
    const memberWeek = member.getByRole("region", { name: "Esta semana" });
    await expect(memberWeek.getByRole("region", { name: /Tareas de tu OMIL/ }).getByRole("link", { name: "Convocar empresas agrícolas" }).count()).resolves.toBe(1);
    await expect(memberWeek.getByRole("region", { name: /Avances por validar/ }).count()).resolves.toBe(0);
    // San Carlos's overdue agreement is not San Fabián's to do.
    await expect(memberWeek.getByText("Enviar al alcalde informe semestral de la OMIL").count()).resolves.toBe(0);
    await memberContext.close();
  });

  it("the month calendar names its month, marks today and lets the DR choose a region (without JavaScript)", async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(new Date());
    const monthName = new Intl.DateTimeFormat("es-CL", { timeZone: "America/Santiago", month: "long", year: "numeric" }).format(new Date());
    await page.goto(`${env.portal.baseUrl}/ingresar`);
    await page.getByLabel("Correo").fill(DR);
    await page.getByLabel("Contraseña").fill(env.portal.demoPasswords[DR]);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/ingresar")), page.getByRole("button", { name: "Ingresar" }).click()]);

    await page.goto(`${env.portal.baseUrl}/calendario`);
    await page.getByRole("heading", { level: 2, name: monthName }).waitFor();
    const todayCell = page.locator("td[aria-current='date']");
    await expect(todayCell.count()).resolves.toBe(1);
    await expect(todayCell.getByText("Hoy", { exact: true }).count()).resolves.toBe(1);
    await expect(todayCell.locator("strong").textContent()).resolves.toBe(String(Number(today.slice(8))));

    // Next month, then back with "Hoy".
    const periodNav = page.getByRole("navigation", { name: "Cambiar período" });
    await Promise.all([page.waitForURL(/fecha=/), periodNav.getByRole("link", { name: /Mes siguiente/ }).click()]);
    await expect(page.locator("td[aria-current='date']").count()).resolves.toBe(0);
    await Promise.all([page.waitForURL(new RegExp(`fecha=${today}`)), periodNav.getByRole("link", { name: "Hoy" }).click()]);
    await page.getByRole("heading", { level: 2, name: monthName }).waitFor();

    // The DR's region selector is a plain GET form.
    const region = page.getByLabel("Región");
    await expect(region.locator("option").allTextContents()).resolves.toContain("Región de Ñuble");
    await region.selectOption({ label: "Región de Ñuble" });
    await Promise.all([page.waitForURL(/region=16/), page.getByRole("button", { name: "Filtrar" }).click()]);
    await page.getByRole("heading", { level: 2, name: monthName }).waitFor();
    await context.close();

    // The same page with JavaScript passes axe (WCAG 2.1 A/AA).
    const drContext = await env.browser.newContext();
    const dr = await drContext.newPage();
    await login(dr, env.portal.baseUrl, DR, env.portal.demoPasswords[DR]);
    expect(await seriousViolations(dr, env.portal.baseUrl, ["/calendario?region=16", "/inicio"])).toEqual([]);
    await drContext.close();

    // An office has no region selector.
    const officeContext = await env.browser.newContext();
    const office = await officeContext.newPage();
    await login(office, env.portal.baseUrl, MEMBER, env.portal.demoPasswords[MEMBER]);
    await office.goto(`${env.portal.baseUrl}/calendario`);
    await office.getByRole("heading", { level: 2, name: monthName }).waitFor();
    await expect(office.getByLabel("Región").count()).resolves.toBe(0);
    await officeContext.close();
  });
});
