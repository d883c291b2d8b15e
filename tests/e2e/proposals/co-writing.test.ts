import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { textWithoutCarets, until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * Two offices co-write the demo network's draft in two browser contexts:
 * they see each other's text and caret; one goes offline, types, reloads the
 * tab while the collab server is still out of reach (the edits come back from
 * IndexedDB), reconnects, and both end with the same text.
 */

const SAN_CARLOS = { email: "omil.sancarlos@demo.redomil.cl", name: "Marcela Contreras" };
const SAN_FABIAN = { email: "omil.sanfabian@demo.redomil.cl", name: "Javier Muñoz" };
const OFFLINE_BANNER = "Sin conexión: lo que escribas queda solo en este equipo";


const section = (page: Page) => page.getByRole("textbox", { name: /^Sostenibilidad/ });
const sectionText = (page: Page) => textWithoutCarets(section(page));

describe("co-writing a proposal in the browser", () => {
  const env = usePortalAndBrowser();
  // Closed with the browser in afterAll.
  const contexts: BrowserContext[] = [];

  /** Every collab socket of a context passes through this switch: closed (as the server does when restarting) while `blocked`. */
  const collabSwitch = { blocked: false };

  async function openDraft(email: string, routed = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await env.browser.newContext();
    contexts.push(context);
    if (routed) {
      await context.routeWebSocket(/\/collab\//, (ws) => {
        if (collabSwitch.blocked) ws.close({ code: 4503, reason: "servidor fuera de alcance" });
        else ws.connectToServer();
      });
    }
    const page = await context.newPage();
    page.on("pageerror", (error) => console.warn(`[${email}] error de página: ${error.message}`));
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    await page.goto(`${env.portal.baseUrl}/propuestas`);
    await page.getByRole("link", { name: "Ruta del empleo rural de Punilla" }).click();
    await section(page).waitFor({ state: "visible", timeout: 60_000 });
    return { context, page };
  }

  it("two offices see each other's text and caret; offline edits survive a reload and merge", async () => {
    const a = await openDraft(SAN_CARLOS.email);
    const b = await openDraft(SAN_FABIAN.email, true);

    // Both in the same section; each sees the other's text and named caret.
    await section(a.page).click();
    await a.page.keyboard.type("La red seguirá con fondos municipales.");
    await until(async () => (await sectionText(b.page)).includes("fondos municipales"), "el texto de San Carlos en San Fabián");
    await b.page.locator(".collaboration-carets__label", { hasText: SAN_CARLOS.name }).waitFor({ state: "visible" });
    await section(b.page).click();
    await b.page.keyboard.press("End");
    await b.page.keyboard.type(" San Fabián aporta la sede.");
    await until(async () => (await sectionText(a.page)).includes("San Fabián aporta la sede."), "el texto de San Fabián en San Carlos");
    await a.page.locator(".collaboration-carets__label", { hasText: SAN_FABIAN.name }).waitFor({ state: "visible" });
    await expect(a.page.getByText(`${SAN_FABIAN.name}`).first().isVisible()).resolves.toBe(true);

    // San Fabián goes offline and keeps typing.
    collabSwitch.blocked = true;
    await b.context.setOffline(true);
    await b.page.getByText(OFFLINE_BANNER).waitFor({ state: "visible" });
    await section(b.page).click();
    await b.page.keyboard.press("End");
    await b.page.keyboard.type(" Escrito sin conexión.");
    await new Promise((r) => setTimeout(r, 500));
    expect(await sectionText(a.page)).not.toContain("Escrito sin conexión.");

    // Reload the tab while the collab server is still unreachable: the page
    // loads (HTTP is back) but the socket is refused, so the text can only come from IndexedDB.
    await b.context.setOffline(false);
    await b.page.reload();
    await section(b.page).waitFor({ state: "visible", timeout: 30_000 });
    await until(async () => (await sectionText(b.page)).includes("Escrito sin conexión."), "el texto escrito sin conexión tras recargar");
    await b.page.getByText(OFFLINE_BANNER).waitFor({ state: "visible" });
    expect(await sectionText(a.page)).not.toContain("Escrito sin conexión.");

    // Back online: the edits merge and both offices end with the same text.
    collabSwitch.blocked = false;
    await until(async () => (await sectionText(a.page)).includes("Escrito sin conexión."), "la fusión al reconectar", 30_000);
    await until(async () => (await sectionText(a.page)) === (await sectionText(b.page)), "el mismo texto en ambos");
    const final = await sectionText(a.page);
    expect(final).toContain("La red seguirá con fondos municipales.");
    expect(final).toContain("San Fabián aporta la sede.");
    expect(final).toContain("Escrito sin conexión.");
  });

  it("flags a budget amount that is not a number, updates the rules panel live, and refuses an oversized paste", async () => {
    const { page } = await openDraft(SAN_CARLOS.email);
    const rules = page.getByRole("region", { name: "Revisión de bases" });
    const amount = page.getByLabel("Monto de la fila 3");
    await expect(amount.getAttribute("aria-invalid")).resolves.toBe("true");
    await page.getByText("No es un monto en pesos").first().waitFor({ state: "visible" });
    await rules.getByText("no es un número en pesos: «por definir»").waitFor({ state: "visible" });
    await amount.fill("150.000");
    await rules.getByText("no es un número en pesos").waitFor({ state: "detached" });
    await expect(amount.getAttribute("aria-invalid")).resolves.toBeNull();

    const before = await sectionText(page);
    await section(page).click();
    await section(page).evaluate((element) => {
      const data = new DataTransfer();
      data.setData("text/plain", "Texto copiado de otro documento. ".repeat(800));
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.getByRole("alert").filter({ hasText: "No se pegó el texto" }).waitFor({ state: "visible" });
    expect(await sectionText(page)).toBe(before);
  });

  it("anchors a comment to the selected text and restores a saved version as a new change", async () => {
    const { page } = await openDraft(SAN_CARLOS.email);
    const objectives = page.getByRole("textbox", { name: /^Objetivos/ });
    await objectives.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Shift+Home");
    await page.getByRole("region", { name: /^Objetivos/ }).getByRole("button", { name: "Comentar el texto seleccionado" }).click();
    const form = page.getByRole("form", { name: "Nuevo comentario" });
    await form.getByText("Sobre el texto seleccionado").waitFor({ state: "visible" });
    await form.getByLabel("Comentario").fill("¿Podemos cuantificar cuántos sectores?");
    await form.getByRole("button", { name: "Comentar" }).click();
    await page.getByText("¿Podemos cuantificar cuántos sectores?").waitFor({ state: "visible" });
    await objectives.locator(".comment-anchor").first().waitFor({ state: "visible" });
    expect(await objectives.locator(".comment-anchor").first().innerText()).toContain("coordinada por la red");

    // The seeded version predates the Sostenibilidad text typed in the first test.
    expect(await sectionText(page)).toContain("Escrito sin conexión.");
    await page.getByRole("link", { name: "Primer borrador conjunto" }).click();
    await page.getByRole("heading", { name: "Primer borrador conjunto" }).waitFor();
    await page.getByText("Escrito sin conexión.").first().waitFor({ state: "visible" }); // shown in the comparison
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Restaurar esta versión" }).click();
    await page.waitForURL((url) => !url.pathname.includes("/versiones/"));
    await section(page).waitFor({ state: "visible", timeout: 60_000 });
    // The version's empty Sostenibilidad is back; the replaced text is still in the document's history.
    await until(async () => (await sectionText(page)) === "", "el texto restaurado");
  });
});
