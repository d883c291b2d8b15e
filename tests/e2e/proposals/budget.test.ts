import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { login, watchConsole } from "../support/browser";
import { until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * Two offices in the demo draft's budget (decision 0120): typing in the same
 * cell at once keeps both texts whole; removing a row the other person is in
 * asks first, tells that person (their text offered back) and can be undone.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const SAN_FABIAN = "omil.sanfabian@demo.redomil.cl";

describe("co-editing the budget", () => {
  const env = usePortalAndBrowser();
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
  });

  async function openDraft(email: string): Promise<Page> {
    const context = await env.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    problems.push(watchConsole(page));
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    await page.goto(`${env.portal.baseUrl}/propuestas`);
    await page.getByRole("link", { name: "Ruta del empleo rural de Punilla" }).click();
    await page.getByLabel("Descripción de la fila 1").waitFor({ state: "visible", timeout: 60_000 });
    return page;
  }

  it("two people typing in one cell both keep their text; a removed row is confirmed, offered back and undone", async () => {
    const a = await openDraft(SAN_CARLOS);
    const b = await openDraft(SAN_FABIAN);
    const cellA = a.getByLabel("Descripción de la fila 1");
    const cellB = b.getByLabel("Descripción de la fila 1");
    const original = await cellA.inputValue();
    await cellA.click();
    await a.keyboard.press("End");
    await cellB.click();
    await b.keyboard.press("End");
    await Promise.all([a.keyboard.type(" con chofer local", { delay: 40 }), b.keyboard.type(" y seguro incluido", { delay: 35 })]);
    await until(async () => (await cellA.inputValue()) === (await cellB.inputValue()) && (await cellA.inputValue()).length === original.length + 35, "el mismo texto en ambos");
    const merged = await cellA.inputValue();
    expect(merged.startsWith(original)).toBe(true);
    expect(merged).toContain(" con chofer local");
    expect(merged).toContain(" y seguro incluido");

    // San Carlos is in row 2; San Fabián removes it: asked first, then San Carlos is told and can get it back.
    const itemA = a.getByLabel("Ítem de la fila 2");
    const removedItem = await itemA.inputValue();
    await itemA.click();
    await b.getByText("Marcela Contreras está en esta fila").waitFor({ state: "visible" });
    await b.getByRole("button", { name: "Quitar fila 2" }).click();
    const confirm = b.getByRole("alertdialog", { name: "Confirmar quitar la fila 2" });
    await confirm.getByText("Marcela Contreras está en esta fila. ¿La quitas de todos modos?").waitFor({ state: "visible" });
    await confirm.getByRole("button", { name: "Quitar de todos modos" }).click();
    await a.getByRole("alert").filter({ hasText: "Javier Muñoz quitó la fila en la que escribías" }).waitFor({ state: "visible" });
    await a.getByRole("button", { name: "Recuperar la fila" }).waitFor({ state: "visible" });
    expect(await a.getByLabel("Ítem de la fila 2").inputValue()).not.toBe(removedItem);

    // Undone by whoever removed it: the row is back for both, and the offer disappears.
    await b.getByRole("status").filter({ hasText: `Quitaste la fila «${removedItem}».` }).getByRole("button", { name: "Deshacer" }).click();
    await until(async () => (await a.getByLabel("Ítem de la fila 2").inputValue()) === removedItem, "la fila de vuelta en San Carlos");
    expect(await b.getByLabel("Ítem de la fila 2").inputValue()).toBe(removedItem);
    await a.getByRole("button", { name: "Recuperar la fila" }).waitFor({ state: "detached" });

    // The columns are wide enough to read the demo items whole.
    for (const label of ["Ítem de la fila 2", "Descripción de la fila 2"]) {
      const fits = await a.getByLabel(label).evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth);
      expect(fits, label).toBe(true);
    }
    expect(problems.flat()).toEqual([]);
  });
});
