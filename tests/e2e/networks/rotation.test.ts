import { describe, expect, it } from "vitest";
import { addDaysToDay } from "~/features/activities/time";
import { formatDay, todayInChile } from "~/utils/dates";
import { gotoHydrated, login, watchConsole } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * A coordinator schedules next month's handover the way it happens in a
 * network: a date in the past is refused and what was typed stays; a date a
 * month ahead keeps San Carlos coordinating until then, lists what will pass
 * (the coordination's tasks ticked, the office's own not), tells San Fabián,
 * and can be cancelled.
 */
describe("scheduling the coordinator's rotation in the browser", () => {
  const env = usePortalAndBrowser();
  const coordinator = "omil.sancarlos@demo.redomil.cl";
  const incoming = "omil.sanfabian@demo.redomil.cl";

  it("refuses a past date, schedules a future one without handing over early, tells the incoming office, and cancels", async () => {
    const today = todayInChile();
    const nextMonth = addDaysToDay(today, 30);
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await login(page, env.portal.baseUrl, coordinator, env.portal.demoPasswords[coordinator]);
    await gotoHydrated(page, `${env.portal.baseUrl}/redes`);
    await page.getByRole("link", { name: "Red Territorial Punilla" }).click();
    await page.waitForURL(/\/redes\/[0-9a-f-]{36}$/);
    const networkUrl = page.url();
    await page.waitForSelector("html[data-hydrated]");

    const rotate = page.getByRole("form", { name: "Rotar la coordinación" });
    await rotate.getByLabel("Nueva OMIL coordinadora").selectOption({ label: "OMIL San Fabián" });
    await rotate.getByLabel("Inicio del período").fill(addDaysToDay(today, -1));
    await rotate.getByLabel("Nota de traspaso").fill("Traspaso acordado en la reunión de noviembre.");
    await rotate.getByRole("button", { name: "Programar traspaso" }).click();
    await rotate.getByText(`La fecha de inicio no puede ser anterior a hoy (${formatDay(today)}).`).waitFor();
    expect(page.url()).toBe(networkUrl);
    await expect(rotate.getByLabel("Nota de traspaso").inputValue()).resolves.toBe("Traspaso acordado en la reunión de noviembre.");
    await expect(rotate.getByLabel("Nueva OMIL coordinadora").locator("option:checked").textContent()).resolves.toBe("OMIL San Fabián");

    await rotate.getByLabel("Inicio del período").fill(nextMonth);
    await Promise.all([page.waitForURL(/\/traspaso$/), rotate.getByRole("button", { name: "Programar traspaso" }).click()]);
    const scheduled = page.getByRole("region", { name: "Traspaso programado" });
    await scheduled.getByText(`OMIL San Fabián asumirá la coordinación el ${formatDay(nextMonth)}; hasta entonces coordina OMIL San Carlos.`).waitFor();
    // The demo's coordination task is ticked to pass; nothing of San Carlos' own municipal work is.
    await expect(scheduled.getByLabel(/Confirmar stands y empresas para la feria/).isChecked()).resolves.toBe(true);
    await expect(scheduled.getByLabel(/Enviar al alcalde informe semestral/).isChecked()).resolves.toBe(false);

    // Until that day San Carlos still coordinates.
    await gotoHydrated(page, networkUrl);
    await page.getByText("Coordina OMIL San Carlos", { exact: false }).waitFor();
    await page.getByText(`Traspaso programado: OMIL San Fabián asumirá la coordinación el ${formatDay(nextMonth)}.`).waitFor();

    // San Fabián hears of it and does not coordinate yet.
    const other = await env.browser.newContext();
    const otherPage = await other.newPage();
    await login(otherPage, env.portal.baseUrl, incoming, env.portal.demoPasswords[incoming]);
    await gotoHydrated(otherPage, `${env.portal.baseUrl}/notificaciones`);
    await otherPage.getByText("Traspaso de coordinación programado: Red Territorial Punilla").first().waitFor();
    await gotoHydrated(otherPage, networkUrl);
    await otherPage.getByText("Coordina OMIL San Carlos", { exact: false }).waitFor();
    await expect(otherPage.getByRole("form", { name: "Rotar la coordinación" }).count()).resolves.toBe(0);
    await other.close();

    await gotoHydrated(page, `${networkUrl}/traspaso`);
    await Promise.all([page.waitForURL(/guardado=traspaso-cancelado/), page.getByRole("button", { name: "Cancelar el traspaso programado" }).click()]);
    await page.getByRole("status").getByText("Cancelamos el traspaso programado: OMIL San Carlos sigue coordinando.").waitFor();
    await expect(page.getByText(/Traspaso programado:/).count()).resolves.toBe(0);
    await gotoHydrated(page, `${networkUrl}/traspaso`);
    await expect(page.getByRole("region", { name: "Traspaso programado" }).count()).resolves.toBe(0);
    // The refused past date is the one 400 the browser logged (the action's answer); nothing else.
    expect(problems).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    expect(env.portal.errorLines()).toEqual([]);
    await context.close();
  });
});
