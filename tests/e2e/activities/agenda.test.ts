import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * A member office prepares the agenda of the network's next monthly meeting
 * in the browser: adds three items, reorders them with "Bajar"/"Subir" and
 * corrects one in place with its "Editar" fold-out form, seeing the agenda
 * and the planned time change after each step.
 */

const SAN_FABIAN = "omil.sanfabian@demo.redomil.cl";

const agenda = (page: Page) => page.getByRole("region", { name: "Tabla" });

/** The agenda as the user reads it: "Tema — Expositor (N min)" per item, in order (without the carried agreements). */
function agendaLines(page: Page): Promise<string[]> {
  return agenda(page)
    .locator("ol > li")
    .evaluateAll((items) =>
      items
        .map((li) =>
          Array.from(li.childNodes)
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent)
            .join("")
            .trim(),
        )
        .filter((line) => / min\)$/.test(line)),
    );
}

async function addItem(page: Page, title: string, presenter: string, minutes: string) {
  const form = page.getByRole("form", { name: "Agregar tema a la tabla" });
  await form.getByLabel("Tema").fill(title);
  await form.getByLabel("Expositor/a").fill(presenter);
  await form.getByLabel("Minutos").fill(minutes);
  await form.getByRole("button", { name: "Agregar a la tabla" }).click();
  await expect.poll(() => agendaLines(page)).toContain(`${title} — ${presenter} (${minutes} min)`);
}

/** Without JavaScript a form post is a full page load: click and wait for the answer page. */
async function postAndLoad(page: Page, button: Locator) {
  const answer = page.waitForResponse((r) => r.request().isNavigationRequest() && (r.status() < 300 || r.status() >= 400));
  await button.click();
  await answer;
  await page.waitForLoadState("load");
}

const plannedTime = (page: Page): Locator => agenda(page).getByText(/^Tiempo planificado:/);

describe("meeting agenda in the browser", () => {
  const env = usePortalAndBrowser();

  it("an office adds agenda items, moves them down and up, and edits one in place", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await login(page, env.portal.baseUrl, SAN_FABIAN, env.portal.demoPasswords[SAN_FABIAN]);

    // The next monthly meeting (first under "Próximas"), reached like a user does.
    await page.goto(`${env.portal.baseUrl}/actividades`);
    await page.getByRole("link", { name: /^Reunión mensual de la red/ }).first().click();
    await page.getByRole("link", { name: "Tabla, asistencia, minuta y acuerdos" }).click();
    await page.waitForURL(/\/reuniones\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: /^Reunión mensual de la red/ }).waitFor();
    await page.waitForSelector("html[data-hydrated]");
    expect(await agendaLines(page)).toEqual([]);

    await addItem(page, "Bienvenida", "OMIL San Carlos", "5");
    await addItem(page, "Balance de la feria", "OMIL Ñiquén", "30");
    await addItem(page, "Varios", "OMIL San Fabián", "10");
    expect(await agendaLines(page)).toEqual(["Bienvenida — OMIL San Carlos (5 min)", "Balance de la feria — OMIL Ñiquén (30 min)", "Varios — OMIL San Fabián (10 min)"]);
    await expect.poll(() => plannedTime(page).textContent()).toBe("Tiempo planificado: 45 de 120 minutos.");
    // The first item cannot go up, the last cannot go down.
    expect(await agenda(page).getByRole("button", { name: "Subir en la tabla: Bienvenida" }).count()).toBe(0);
    expect(await agenda(page).getByRole("button", { name: "Bajar en la tabla: Varios" }).count()).toBe(0);

    // "Bajar" swaps the first item with the second.
    await agenda(page).getByRole("button", { name: "Bajar en la tabla: Bienvenida" }).click();
    await expect
      .poll(() => agendaLines(page))
      .toEqual(["Balance de la feria — OMIL Ñiquén (30 min)", "Bienvenida — OMIL San Carlos (5 min)", "Varios — OMIL San Fabián (10 min)"]);

    // "Subir" (with the keyboard) takes the last item above the one before it.
    await agenda(page).getByRole("button", { name: "Subir en la tabla: Varios" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => agendaLines(page))
      .toEqual(["Balance de la feria — OMIL Ñiquén (30 min)", "Varios — OMIL San Fabián (10 min)", "Bienvenida — OMIL San Carlos (5 min)"]);

    // "Editar" unfolds a form with the item's current values; an empty title is refused and the input kept.
    const item = agenda(page).getByRole("listitem").filter({ hasText: /^Balance de la feria/ });
    await item.getByText("Editar", { exact: true }).click();
    const editForm = page.getByRole("form", { name: "Editar tema de la tabla: Balance de la feria" });
    await expect.poll(() => editForm.getByLabel("Tema").inputValue()).toBe("Balance de la feria");
    expect(await editForm.getByLabel("Expositor/a").inputValue()).toBe("OMIL Ñiquén");
    expect(await editForm.getByLabel("Minutos").inputValue()).toBe("30");
    await editForm.getByLabel("Tema").fill("");
    await editForm.getByLabel("Minutos").fill("25");
    await editForm.getByRole("button", { name: "Guardar tema" }).click();
    await editForm.getByText("Escribe el tema.").waitFor();
    expect(await editForm.getByLabel("Minutos").inputValue()).toBe("25");
    expect((await agendaLines(page))[0]).toBe("Balance de la feria — OMIL Ñiquén (30 min)");

    await editForm.getByLabel("Tema").fill("Balance y cierre de la feria laboral");
    await editForm.getByLabel("Expositor/a").fill("OMIL San Carlos");
    await editForm.getByRole("button", { name: "Guardar tema" }).click();
    await expect
      .poll(() => agendaLines(page))
      .toEqual(["Balance y cierre de la feria laboral — OMIL San Carlos (25 min)", "Varios — OMIL San Fabián (10 min)", "Bienvenida — OMIL San Carlos (5 min)"]);
    await expect.poll(() => plannedTime(page).textContent()).toBe("Tiempo planificado: 40 de 120 minutos.");
    // The edited item's buttons carry its new title, and its fold-out form is closed again.
    await agenda(page).getByRole("button", { name: "Bajar en la tabla: Balance y cierre de la feria laboral" }).waitFor();
    expect(await page.getByRole("form", { name: "Editar tema de la tabla: Balance y cierre de la feria laboral" }).isVisible()).toBe(false);

    // The order and the edit are stored: a fresh load shows the same agenda.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: /^Reunión mensual de la red/ }).waitFor();
    expect(await agendaLines(page)).toEqual(["Balance y cierre de la feria laboral — OMIL San Carlos (25 min)", "Varios — OMIL San Fabián (10 min)", "Bienvenida — OMIL San Carlos (5 min)"]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("without JavaScript, signing in, moving and editing still work, and a stale page or a too short title is explained", async () => {
    // Everything with JavaScript off, signing in included: plain form posts end to end.
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.portal.baseUrl}/ingresar`);
    await page.getByLabel("Correo").fill(SAN_FABIAN);
    await page.getByLabel("Contraseña").fill(env.portal.demoPasswords[SAN_FABIAN]);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/ingresar")), page.getByRole("button", { name: "Ingresar" }).click()]);
    // Last month's meeting (second in the list, after the upcoming one) has two items.
    await page.goto(`${env.portal.baseUrl}/actividades`);
    await Promise.all([page.waitForURL(/\/actividades\/[0-9a-f-]{36}$/), page.getByRole("link", { name: /^Reunión mensual de la red/ }).nth(1).click()]);
    await Promise.all([page.waitForURL(/\/reuniones\/[0-9a-f-]{36}$/), page.getByRole("link", { name: "Tabla, asistencia, minuta y acuerdos" }).click()]);
    const meetingUrl = page.url();
    await page.goto(meetingUrl);
    expect(await agendaLines(page)).toEqual(["Avance de la feria — OMIL San Carlos (30 min)", "Metas de la red: revisión semestral — OMIL Ñiquén (40 min)"]);

    // "Subir" is a plain form post: the page comes back with the new order.
    await postAndLoad(page, agenda(page).getByRole("button", { name: "Subir en la tabla: Metas de la red: revisión semestral" }));
    expect(await agendaLines(page)).toEqual(["Metas de la red: revisión semestral — OMIL Ñiquén (40 min)", "Avance de la feria — OMIL San Carlos (30 min)"]);

    // A second tab opened now goes stale when the first moves "Metas" back down: its "Subir" for "Avance" (already first) is refused with the reason.
    const stale = await context.newPage();
    await stale.goto(meetingUrl);
    await postAndLoad(page, agenda(page).getByRole("button", { name: "Bajar en la tabla: Metas de la red: revisión semestral" }));
    expect(await agendaLines(page)).toEqual(["Avance de la feria — OMIL San Carlos (30 min)", "Metas de la red: revisión semestral — OMIL Ñiquén (40 min)"]);
    await postAndLoad(stale, agenda(stale).getByRole("button", { name: "Subir en la tabla: Avance de la feria" }));
    await agenda(stale).getByRole("alert").waitFor();
    expect(await agenda(stale).getByRole("alert").textContent()).toBe("Ese tema ya es el primero de la tabla.");
    // The answer shows the current order, not the stale one.
    expect(await agendaLines(stale)).toEqual(["Avance de la feria — OMIL San Carlos (30 min)", "Metas de la red: revisión semestral — OMIL Ñiquén (40 min)"]);
    await stale.close();

    // Editing: the fold-out opens natively; a one-letter title comes back from the server with the error, the form open and the input kept.
    const item = agenda(page).getByRole("listitem").filter({ hasText: /^Avance de la feria/ });
    await item.getByText("Editar", { exact: true }).click();
    const editForm = page.getByRole("form", { name: "Editar tema de la tabla: Avance de la feria" });
    await editForm.getByLabel("Tema").fill("A");
    await editForm.getByLabel("Minutos").fill("35");
    await postAndLoad(page, editForm.getByRole("button", { name: "Guardar tema" }));
    await editForm.getByText("Escribe el tema.").waitFor();
    expect(await editForm.isVisible()).toBe(true);
    expect(await editForm.getByLabel("Tema").inputValue()).toBe("A");
    expect(await editForm.getByLabel("Minutos").inputValue()).toBe("35");
    expect((await agendaLines(page))[0]).toBe("Avance de la feria — OMIL San Carlos (30 min)");

    await editForm.getByLabel("Tema").fill("Avance de la feria: stands confirmados");
    await postAndLoad(page, editForm.getByRole("button", { name: "Guardar tema" }));
    expect(await agendaLines(page)).toEqual(["Avance de la feria: stands confirmados — OMIL San Carlos (35 min)", "Metas de la red: revisión semestral — OMIL Ñiquén (40 min)"]);
    await context.close();
  });
});
