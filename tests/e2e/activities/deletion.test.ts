import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * The coordinating office deletes an upcoming activity through its
 * confirmation page (the checkbox is required), lands on the activity list
 * with a notice and no longer finds it there nor on the public fairs page;
 * activities that already happened or have results cannot be deleted and the
 * portal says why, in Spanish.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const FAIR = "Feria Laboral Intercomunal Punilla";
const WORKSHOP = "Taller de apresto laboral: entrevista de trabajo";

async function openActivity(page: Page, baseUrl: string, name: string | RegExp, nth = 0) {
  await gotoHydrated(page, `${baseUrl}/actividades`);
  await page.getByRole("link", { name }).nth(nth).click();
  await page.waitForURL(/\/actividades\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { level: 1, name }).waitFor();
  return page.url();
}

describe("deleting an activity in the browser", () => {
  const env = usePortalAndBrowser();

  it("the coordinator deletes an upcoming fair after confirming, and it is gone from the lists", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await login(page, env.portal.baseUrl, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);
    const fairUrl = await openActivity(page, env.portal.baseUrl, FAIR);

    await page.getByRole("link", { name: "Eliminar actividad" }).click();
    await page.waitForURL(/\/eliminar$/);
    await page.getByRole("heading", { level: 1, name: `Eliminar: ${FAIR}` }).waitFor();
    await page.getByText(/Se eliminarán la actividad y todo lo que depende de ella/).waitFor();

    // Without the checkbox nothing is deleted: the form says what is missing.
    await page.getByRole("button", { name: "Eliminar actividad" }).click();
    await page.getByText("Marca la casilla para confirmar que quieres eliminar la actividad.").waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/eliminar$/);

    const confirm = page.getByRole("checkbox", { name: "Entiendo que la actividad se eliminará definitivamente." });
    await confirm.focus();
    await page.keyboard.press("Space");
    expect(await confirm.isChecked()).toBe(true);
    await Promise.all([page.waitForURL(/\/actividades\?eliminada=1$/), page.getByRole("button", { name: "Eliminar actividad" }).click()]);
    await expect.poll(() => page.getByRole("status").textContent()).toBe("La actividad se eliminó.");
    await page.getByRole("heading", { level: 1, name: "Actividades de mis redes" }).waitFor();
    expect(await page.getByRole("link", { name: FAIR }).count()).toBe(0);
    // The other activities are still there.
    expect(await page.getByRole("link", { name: WORKSHOP }).count()).toBe(1);

    // Its page is gone, and the public fairs page no longer announces it.
    const gone = await page.goto(fairUrl);
    expect(gone?.status()).toBe(404);
    await page.goto(`${env.portal.baseUrl}/ferias?region=16`);
    await page.getByRole("heading", { name: "Próximas ferias laborales" }).waitFor();
    expect(await page.getByRole("link", { name: FAIR }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses, with the reason, to delete an activity with results or one that already happened", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);

    // A past workshop with results: no delete button, the reason instead.
    const workshopUrl = await openActivity(page, env.portal.baseUrl, WORKSHOP);
    await page.getByText(/Esta actividad tiene resultados registrados, que cuentan para las metas de la red: no se puede eliminar\./).waitFor();
    expect(await page.getByRole("link", { name: "Eliminar actividad" }).count()).toBe(0);
    // Typing the confirmation page's address explains it too, without a form to submit.
    await gotoHydrated(page, `${workshopUrl}/eliminar`);
    await page.getByRole("heading", { level: 1, name: `Eliminar: ${WORKSHOP}` }).waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/^Esta actividad tiene resultados registrados.*no se puede eliminar\./);
    expect(await page.getByRole("button", { name: "Eliminar actividad" }).count()).toBe(0);
    await page.getByRole("link", { name: "Volver a la actividad" }).click();
    await page.waitForURL(workshopUrl);
    await page.getByRole("heading", { level: 1, name: WORKSHOP }).waitFor();

    // A monthly meeting held last month (the second in the list, after the upcoming one): part of the network's history.
    const meetingUrl = await openActivity(page, env.portal.baseUrl, /^Reunión mensual de la red/, 1);
    await page.getByText(/Esta actividad ya comenzó o se realizó y forma parte del historial de la red: no se puede eliminar\./).waitFor();
    await gotoHydrated(page, `${meetingUrl}/eliminar`);
    expect(await page.getByRole("alert").textContent()).toMatch(/^Esta actividad ya comenzó o se realizó.*no se puede eliminar\./);
    expect(await page.getByRole("button", { name: "Eliminar actividad" }).count()).toBe(0);

    // Both are still listed.
    await gotoHydrated(page, `${env.portal.baseUrl}/actividades`);
    expect(await page.getByRole("link", { name: WORKSHOP }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /^Reunión mensual de la red/ }).count()).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});
