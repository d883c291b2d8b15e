import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * An office reports progress on a goal with a file, replaces the file while
 * the entry is pending, and after the coordinator validates that entry and
 * rejects another one, finds both decisions among its notifications; a
 * reviewed entry's file can no longer be replaced.
 */

const OFFICE = "omil.sanfabian@demo.redomil.cl";
const OFFICE_PERSON = "Javier Muñoz";
const COORDINATOR = "omil.sancarlos@demo.redomil.cl";
const COORDINATOR_PERSON = "Marcela Contreras";
const GOAL = "Empresas contactadas por la red";
const NOTE = "Contactos con empresas agrícolas (prueba de respaldo)";
/** The demo entry every office still has pending. */
const SEEDED_NOTE = "Avance de las últimas semanas, por validar.";

const txt = (name: string, text: string) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text, "utf8") });

async function signIn(env: { portal: { baseUrl: string; demoPasswords: Record<string, string> } }, context: BrowserContext, email: string) {
  const page = await context.newPage();
  await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
  return page;
}

async function openGoal(page: Page, baseUrl: string) {
  await gotoHydrated(page, `${baseUrl}/metas`);
  await page.getByRole("link", { name: "Red Territorial Punilla" }).first().click();
  await page.waitForURL(/\/redes\/[^/]+\/metas/);
  await page.getByRole("heading", { name: new RegExp(GOAL) }).getByRole("link", { name: GOAL }).click();
  await page.waitForURL(/\/metas\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { level: 1, name: new RegExp(GOAL) }).waitFor();
  await page.waitForSelector("html[data-hydrated]");
}

const pendingRow = (page: Page, text: string) => page.getByRole("region", { name: /Pendientes de validación/ }).getByRole("row").filter({ hasText: text });
/** A fold-out's (native <details>) summary: what the user clicks to unfold its form. */
const foldOut = (row: ReturnType<typeof pendingRow>, label: string) => row.locator("summary", { hasText: label });
const reviewedRow = (page: Page, text: string) => page.getByRole("region", { name: /Validados y rechazados/ }).getByRole("row").filter({ hasText: text });

describe("goal evidence replacement and review notifications in the browser", () => {
  const env = usePortalAndBrowser();

  it("the office replaces a pending entry's file, and is notified when the coordinator validates and rejects", async () => {
    // The office records an entry with a file.
    const officeContext = await env.browser.newContext();
    const office = await signIn(env, officeContext, OFFICE);
    const errors: string[] = [];
    office.on("pageerror", (error) => errors.push(error.message));
    await openGoal(office, env.portal.baseUrl);
    const goalUrl = office.url();
    const entryForm = office.getByRole("form", { name: /Registrar avance de OMIL San Fabián/ });
    await entryForm.getByLabel("Valor").fill("3");
    await entryForm.getByLabel("Nota de respaldo").fill(NOTE);
    await entryForm.getByLabel("Archivo de respaldo (máximo 10 MB)").setInputFiles(txt("contactos-borrador.txt", "Borrador: 2 empresas"));
    await Promise.all([office.waitForURL(/avance=registrado/), entryForm.getByRole("button", { name: "Registrar avance" }).click()]);
    const row = pendingRow(office, NOTE);
    await row.getByRole("link", { name: "contactos-borrador.txt" }).waitFor();
    expect(await row.getByText(/Archivo reemplazado por/).count()).toBe(0);

    // "Reemplazar archivo" unfolds a file form; the new file takes the old one's place.
    await foldOut(row, "Reemplazar archivo").click();
    const replaceForm = row.getByRole("form", { name: "Reemplazar archivo de respaldo" });
    await replaceForm.getByLabel("Nuevo archivo de respaldo (máximo 10 MB)").setInputFiles(txt("contactos-final.txt", "Final: 3 empresas agrícolas"));
    await replaceForm.getByRole("button", { name: "Reemplazar archivo" }).click();
    await row.getByRole("link", { name: "contactos-final.txt" }).waitFor();
    expect(await row.getByRole("link", { name: "contactos-borrador.txt" }).count()).toBe(0);
    expect(await row.getByText(/Archivo reemplazado por/).textContent()).toMatch(new RegExp(`^Archivo reemplazado por ${OFFICE_PERSON} el \\d{1,2} de \\p{L}+ de \\d{4}, \\d{2}:\\d{2}$`, "u"));
    // The link serves the new file.
    const href = await row.getByRole("link", { name: "contactos-final.txt" }).getAttribute("href");
    const download = await officeContext.request.get(`${env.portal.baseUrl}${href}`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe("Final: 3 empresas agrícolas");
    // The seeded pending entry has no file yet: it offers to attach one instead.
    await foldOut(pendingRow(office, SEEDED_NOTE), "Adjuntar archivo").waitFor();
    await officeContext.close();

    // The coordinator sees the replaced file, validates the entry and rejects the seeded one with a reason.
    const coordinatorContext = await env.browser.newContext();
    const coordinator = await signIn(env, coordinatorContext, COORDINATOR);
    await gotoHydrated(coordinator, goalUrl);
    const toReview = pendingRow(coordinator, NOTE);
    await toReview.getByRole("link", { name: "contactos-final.txt" }).waitFor();
    await toReview.getByText(`Archivo reemplazado por ${OFFICE_PERSON}`).waitFor();
    expect(await foldOut(toReview, "Reemplazar archivo").count()).toBe(0);
    await toReview.getByRole("button", { name: "Validar" }).click();
    await reviewedRow(coordinator, NOTE).filter({ hasText: "Validado" }).waitFor();

    const seeded = pendingRow(coordinator, SEEDED_NOTE).filter({ hasText: "OMIL San Fabián" });
    await foldOut(seeded, "Rechazar").click();
    await seeded.getByLabel("Motivo del rechazo").fill("Falta el listado de empresas contactadas");
    await seeded.getByRole("form", { name: "Rechazar avance" }).getByRole("button", { name: "Rechazar" }).click();
    await reviewedRow(coordinator, SEEDED_NOTE).filter({ hasText: "Falta el listado de empresas contactadas" }).waitFor();
    // The coordinator's own decisions do not notify the coordinator.
    await coordinator.getByRole("link", { name: "Notificaciones" }).first().click();
    await coordinator.getByRole("heading", { level: 1, name: "Notificaciones" }).waitFor();
    expect(await coordinator.getByRole("link", { name: new RegExp(`Avance (validado|rechazado) en «${GOAL}»`) }).count()).toBe(0);
    await coordinatorContext.close();

    // The office finds both decisions among its notifications, and follows one back to the goal.
    const officeAgainContext = await env.browser.newContext();
    const officeAgain = await signIn(env, officeAgainContext, OFFICE);
    await officeAgain.getByRole("link", { name: "Notificaciones" }).first().click();
    await officeAgain.getByRole("heading", { level: 1, name: "Notificaciones" }).waitFor();
    const validated = officeAgain.getByRole("listitem").filter({ has: officeAgain.getByRole("link", { name: `Avance validado en «${GOAL}»` }) });
    await validated.waitFor();
    expect(await validated.textContent()).toContain(`${COORDINATOR_PERSON} (OMIL San Carlos) validó el avance de 3 empresas`);
    const rejected = officeAgain.getByRole("listitem").filter({ has: officeAgain.getByRole("link", { name: `Avance rechazado en «${GOAL}»` }) });
    expect(await rejected.textContent()).toContain("Motivo del rechazo: Falta el listado de empresas contactadas");
    // Both are new (unread) for the office.
    for (const title of [`Avance validado en «${GOAL}»`, `Avance rechazado en «${GOAL}»`]) {
      expect(await officeAgain.getByRole("button", { name: `Marcar como leída: ${title}` }).count()).toBe(1);
    }

    await validated.getByRole("link", { name: `Avance validado en «${GOAL}»` }).click();
    await officeAgain.waitForURL(goalUrl);
    await officeAgain.getByRole("heading", { level: 1, name: new RegExp(GOAL) }).waitFor();
    // Once validated, the file is part of the official record: it can no longer be replaced.
    const done = reviewedRow(officeAgain, NOTE);
    await done.getByRole("link", { name: "contactos-final.txt" }).waitFor();
    expect(await foldOut(done, "Reemplazar archivo").count()).toBe(0);
    expect(errors).toEqual([]);
    await officeAgainContext.close();
  });
});
