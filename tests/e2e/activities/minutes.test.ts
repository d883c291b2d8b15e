import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { textWithoutCarets, until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * Two offices of the demo network take the minutes of the next monthly
 * meeting at the same time, each in its own browser: each sees the other's
 * text appear live, and both end with the same minutes, which the exports
 * then read from the stored document.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const SAN_FABIAN = "omil.sanfabian@demo.redomil.cl";


const minutes = (page: Page) => page.getByRole("textbox", { name: "Minuta" });
const minutesText = (page: Page) => textWithoutCarets(minutes(page));

describe("live minutes in the browser", () => {
  const env = usePortalAndBrowser();
  // Closed with the browser in afterAll.
  const contexts: BrowserContext[] = [];

  async function openNextMeeting(email: string): Promise<Page> {
    const context = await env.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.warn(`[${email}] error de página: ${error.message}`));
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    await page.goto(`${env.portal.baseUrl}/actividades`);
    // "Próximas" comes first: its first monthly meeting is the next one.
    await page.getByRole("link", { name: /^Reunión mensual de la red/ }).first().click();
    await page.getByRole("link", { name: "Tabla, asistencia, minuta y acuerdos" }).click();
    await minutes(page).waitFor({ state: "visible", timeout: 60_000 });
    return page;
  }

  it("two offices write the same meeting's minutes at the same time and see each other live", async () => {
    const a = await openNextMeeting(SAN_CARLOS);
    const b = await openNextMeeting(SAN_FABIAN);
    expect(a.url()).toBe(b.url());
    await a.getByText(/^Conectado/).waitFor({ timeout: 30_000 });
    await b.getByText(/^Conectado/).waitFor({ timeout: 30_000 });

    await minutes(a).click();
    await a.keyboard.type("San Carlos confirma el gimnasio para la feria.");
    await until(async () => (await minutesText(b)).includes("confirma el gimnasio"), "el texto de San Carlos en San Fabián");

    // Both type at once, in separate paragraphs.
    await minutes(b).click();
    await b.keyboard.press("Control+End");
    await b.keyboard.press("Enter");
    await Promise.all([b.keyboard.type("San Fabián coordina el traslado rural."), a.keyboard.type(" Habrá 20 stands.")]);
    await until(
      async () => {
        const [ta, tb] = await Promise.all([minutesText(a), minutesText(b)]);
        return ta === tb && ta.includes("traslado rural") && ta.includes("20 stands");
      },
      "la misma minuta en ambos navegadores",
    );

    // The print view reads the stored document (stored by the collab server within seconds).
    const meetingUrl = a.url();
    const print = await contexts[0].newPage();
    await until(
      async () => {
        await print.goto(`${meetingUrl}/imprimir`);
        const text = (await print.getByRole("article").textContent()) ?? "";
        return text.includes("traslado rural") && text.includes("20 stands");
      },
      "la minuta guardada en la versión para imprimir",
      30_000,
    );
  });

  it("renders the calendar, fairs, follow-up and handover pages for their audiences", async () => {
    const context = await env.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    // Anonymous job seekers: the upcoming co-hosted fair with its .ics link and schema.org data.
    await page.goto(`${env.portal.baseUrl}/ferias?region=16`);
    await page.getByRole("heading", { name: "Próximas ferias laborales" }).waitFor();
    await page.getByRole("link", { name: "Feria Laboral Intercomunal Punilla" }).waitFor();
    expect(await page.getByRole("link", { name: "Agregar a mi calendario (.ics)" }).count()).toBeGreaterThan(0);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
    expect(JSON.stringify(ld)).toContain('"@type":"Event"');

    await login(page, env.portal.baseUrl, "dr.nuble@demo.redomil.cl", env.portal.demoPasswords["dr.nuble@demo.redomil.cl"]);
    for (const [path, heading] of [
      ["/calendario", "Calendario de actividades"],
      ["/calendario?vista=lista", "Calendario de actividades"],
      ["/calendario?vista=semana", "Calendario de actividades"],
      ["/acuerdos", "Acuerdos abiertos"],
      ["/notificaciones", "Notificaciones"],
      ["/calendario/itinerario", "Ruta de reuniones con alcaldes"],
    ] as const) {
      await page.goto(`${env.portal.baseUrl}${path}`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    }
    await page.goto(`${env.portal.baseUrl}/redes`);
    await page.getByRole("link", { name: "Red Territorial Punilla" }).click();
    await page.waitForURL(/\/redes\/[0-9a-f-]{36}$/);
    const networkUrl = page.url();
    await page.goto(`${networkUrl}/reuniones`);
    await page.getByRole("heading", { level: 1, name: "Reuniones de la red" }).waitFor();
    await page.getByText(/Primer martes de cada mes/).waitFor();
    await page.goto(`${networkUrl}/traspaso`);
    await page.getByRole("heading", { level: 1, name: "Traspaso de la coordinación" }).waitFor();
    await page.getByRole("heading", { name: /Acuerdos abiertos/ }).waitFor();
    const networkId = networkUrl.split("/").pop();
    await page.goto(`${env.portal.baseUrl}/actividades/nueva?red=${networkId}`);
    await page.getByRole("heading", { level: 1, name: "Nueva actividad · Red Territorial Punilla" }).waitFor();
    await page.getByLabel("OMIL anfitriona").waitFor();
    // The mayor briefing carries the generated one-page brief.
    await page.goto(`${env.portal.baseUrl}/actividades`);
    await page.getByRole("link", { name: "Reunión con el alcalde de San Carlos" }).first().click();
    await page.getByRole("heading", { name: "Minuta para el alcalde: Red Territorial Punilla" }).waitFor();

    // Rotating the coordinator (on the network page) hands over San Carlos' open agreements and next meeting.
    await page.goto(networkUrl);
    await page.getByLabel("Nueva OMIL coordinadora").selectOption({ label: "OMIL Ñiquén" });
    await page.getByRole("button", { name: "Programar traspaso" }).click();
    await page.waitForURL(/coordinacion=rotada|traspaso/);
    await page.goto(`${networkUrl}/traspaso`);
    await page.getByRole("heading", { name: "Qué se traspasó" }).waitFor();
    const moved = (await page.getByRole("heading", { name: "Qué se traspasó" }).locator("xpath=..").textContent()) ?? "";
    expect(moved).toMatch(/[1-9]\d* acuerdos? abiertos? y 1 reunión próxima pasaron de OMIL San Carlos a OMIL Ñiquén/);
    expect(errors).toEqual([]);
  });
});
