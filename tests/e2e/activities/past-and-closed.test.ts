import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { addDaysToDay } from "~/features/activities/time";
import { todayInChile } from "~/utils/dates";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * The coordinating office records last week's job fair with its results
 * (registro posterior), registers last week's network meeting and closes its
 * minutes: a member office then sees the live minutes read-only and no agenda
 * or attendance forms; the coordinator reopens them with a reason.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const SAN_FABIAN = "omil.sanfabian@demo.redomil.cl";
const lastWeek = addDaysToDay(todayInChile(), -7);

const minutesEditor = (page: Page) => page.getByRole("textbox", { name: "Minuta" });

describe("recording the past and closing the minutes, in the browser", () => {
  const env = usePortalAndBrowser();
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await env.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`[${email}] ${error.message}`));
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    return page;
  }

  /** The new-activity form of the demo network, filled for something that happened last week. */
  async function registerPast(page: Page, type: string, title: string) {
    await page.goto(`${env.portal.baseUrl}/actividades/nueva`);
    const chooser = page.getByRole("form", { name: "Elegir red" });
    if (await chooser.count()) {
      await chooser.getByLabel("Red").selectOption({ label: "Red Territorial Punilla" });
      await chooser.getByRole("button", { name: "Continuar" }).click();
    }
    const form = page.getByRole("form", { name: "Datos de la actividad" });
    await page.waitForSelector("html[data-hydrated]");
    await form.getByLabel("Tipo de actividad").selectOption({ label: type });
    await form.getByLabel("Título").fill(title);
    await form.getByLabel("Inicio (hora de Chile)").fill(`${lastWeek}T10:00`);
    await form.getByLabel("Término (hora de Chile)").fill(`${lastWeek}T13:00`);
    // The proposed defaults (in person, in the host office's comuna) pass as they are.
    expect(await form.getByLabel("Modalidad").inputValue()).toBe("presencial");
    expect(await form.getByLabel("Comuna").inputValue()).toBe("16301");
    await form.getByLabel("Ya se realizó (registro posterior)").check();
    await form.getByRole("button", { name: "Crear actividad" }).click();
  }

  it("registers last week's fair with its results, closes a held meeting's minutes (a member reads only) and reopens them", async () => {
    const coordinator = await signedIn(SAN_CARLOS);

    // 1. Last week's fair, recorded afterwards, with its results.
    await registerPast(coordinator, "Feria laboral", "Feria laboral de la semana pasada");
    await coordinator.waitForURL(/\/actividades\/[0-9a-f-]{36}$/);
    await coordinator.getByRole("heading", { level: 1, name: "Feria laboral de la semana pasada" }).waitFor();
    expect(await coordinator.getByText("Registro posterior", { exact: true }).count()).toBe(1);
    expect(await coordinator.getByText("Realizada", { exact: true }).first().isVisible()).toBe(true);
    await coordinator.waitForSelector("html[data-hydrated]");
    const results = coordinator.getByRole("form", { name: "Resultados" });
    await results.getByLabel("Personas contratadas — OMIL San Carlos").fill("7");
    await results.getByLabel("Empresas participantes — OMIL San Carlos").fill("4");
    await results.getByRole("button", { name: "Guardar resultados" }).click();
    await coordinator.getByRole("status").filter({ hasText: "Guardamos los resultados" }).waitFor();
    expect(coordinator.url()).toContain("guardado=resultados");
    expect(await results.getByLabel("Personas contratadas — OMIL San Carlos").inputValue()).toBe("7");

    // 2. Last week's network meeting, recorded afterwards: the coordinator closes its minutes.
    await registerPast(coordinator, "Reunión de red", "Reunión de red de la semana pasada");
    await coordinator.waitForURL(/\/reuniones\/[0-9a-f-]{36}$/);
    const meetingUrl = coordinator.url();
    await coordinator.waitForSelector("html[data-hydrated]");
    await coordinator.getByRole("form", { name: "Agregar tema a la tabla" }).getByLabel("Tema").fill("Balance de la feria");
    await coordinator.getByRole("form", { name: "Agregar tema a la tabla" }).getByLabel("Minutos").fill("20");
    await coordinator.getByRole("button", { name: "Agregar a la tabla" }).click();
    await coordinator.getByRole("status").filter({ hasText: "Agregamos el tema a la tabla." }).waitFor();
    // The form that saved comes back empty.
    expect(await coordinator.getByRole("form", { name: "Agregar tema a la tabla" }).getByLabel("Tema").inputValue()).toBe("");
    await coordinator.getByRole("button", { name: "Cerrar acta" }).click();
    await coordinator.getByRole("status").filter({ hasText: "Cerramos el acta" }).waitFor();
    expect(await coordinator.getByRole("form", { name: "Agregar tema a la tabla" }).count()).toBe(0);
    expect(await coordinator.getByRole("button", { name: "Guardar asistencia" }).count()).toBe(0);

    // 3. A member office sees the minutes read-only, and no agenda or attendance forms.
    const member = await signedIn(SAN_FABIAN);
    await member.goto(meetingUrl);
    await member.waitForSelector("html[data-hydrated]");
    await member.getByText(/^Acta cerrada el /).waitFor();
    await minutesEditor(member).waitFor({ state: "visible", timeout: 60_000 });
    await expect.poll(() => minutesEditor(member).getAttribute("contenteditable")).toBe("false");
    expect(await member.getByRole("form", { name: "Agregar tema a la tabla" }).count()).toBe(0);
    expect(await member.getByRole("button", { name: "Guardar asistencia" }).count()).toBe(0);
    expect(await member.getByRole("button", { name: "Reabrir acta" }).count()).toBe(0);

    // 4. The coordinator reopens them, with a reason; the member's open page becomes writable without a reload.
    const reopen = coordinator.getByRole("form", { name: "Reabrir acta" });
    await reopen.getByLabel("Motivo de la reapertura").fill("Falta la asistencia de Ñiquén");
    await reopen.getByRole("button", { name: "Reabrir acta" }).click();
    await coordinator.getByRole("status").filter({ hasText: "Reabrimos el acta" }).waitFor();
    await coordinator.getByText("Historial del acta (2)").click();
    expect(await coordinator.getByText(/Reabierta el .* — Motivo: Falta la asistencia de Ñiquén/).count()).toBe(1);
    await expect.poll(() => minutesEditor(member).getAttribute("contenteditable"), { timeout: 10_000 }).toBe("true");
    await member.getByRole("form", { name: "Agregar tema a la tabla" }).waitFor({ timeout: 10_000 });
    expect(await member.getByText(/^Acta cerrada el /).count()).toBe(0);
    await minutesEditor(member).click();
    await member.keyboard.type("Asistencia de Ñiquén agregada.");
    // What the member typed reaches the coordinator's page.
    await expect.poll(() => minutesEditor(coordinator).textContent(), { timeout: 10_000 }).toContain("Asistencia de Ñiquén agregada.");
    expect(errors).toEqual([]);
  });
});
