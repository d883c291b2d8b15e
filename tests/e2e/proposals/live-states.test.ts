import fs from "node:fs/promises";
import JSZip from "jszip";
import type { BrowserContext, Page, WebSocketRoute } from "playwright-core";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { textWithoutCarets, until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * The live proposal's states, in Chromium against the real portal (issue 13,
 * point 5): an export right after typing holds the last sentence even on a
 * slow line; a dropped oversized text is refused and co-editing goes on;
 * someone who goes offline leaves the presence list within 30 s; an oversized
 * change found in IndexedDB on load is sent by parts; words a
 * member was still sending when the proposal was submitted are shown to them,
 * with a copy button, and are not in the frozen copy.
 */

const SAN_CARLOS = { email: "omil.sancarlos@demo.redomil.cl", name: "Marcela Contreras" };
const SAN_FABIAN = { email: "omil.sanfabian@demo.redomil.cl", name: "Javier Muñoz" };
const TITLE = "Ruta del empleo rural de Punilla";

const objetivos = (page: Page) => page.getByRole("textbox", { name: /^Objetivos/ });
const sostenibilidad = (page: Page) => page.getByRole("textbox", { name: /^Sostenibilidad/ });
const presence = (page: Page) => page.locator("section.presence");

interface Line {
  /** Page → server messages wait this long (a slow rural line). */
  delayMs: number;
  /** Page → server messages are held (not sent) while true. */
  holding: boolean;
  held: { server: WebSocketRoute; message: string | Buffer }[];
}

describe("live proposal states in the browser", () => {
  const env = usePortalAndBrowser();
  const contexts: BrowserContext[] = [];
  // Each test starts with nobody else in the document.
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function openDraft(email: string, line?: Line): Promise<{ context: BrowserContext; page: Page }> {
    const context = await env.browser.newContext();
    contexts.push(context);
    if (line) {
      await context.routeWebSocket(/\/collab\//, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          if (line.holding) line.held.push({ server, message });
          else if (line.delayMs > 0) setTimeout(() => server.send(message), line.delayMs);
          else server.send(message);
        });
      });
    }
    const page = await context.newPage();
    page.on("pageerror", (error) => console.warn(`[${email}] error de página: ${error.message}`));
    await login(page, env.portal.baseUrl, email, env.portal.demoPasswords[email]);
    await page.goto(`${env.portal.baseUrl}/propuestas`);
    await page.getByRole("link", { name: TITLE }).click();
    await objetivos(page).waitFor({ state: "visible", timeout: 60_000 });
    await page.getByText(email === SAN_CARLOS.email ? `${SAN_CARLOS.name} (tú)` : `${SAN_FABIAN.name} (tú)`).waitFor();
    return { context, page };
  }

  async function typeAtEnd(page: Page, editor: ReturnType<typeof objetivos>, text: string) {
    await editor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(text);
  }

  it("a DOCX and the print view taken right after typing hold the last sentence, even on a slow line", async () => {
    // Every edit reaches the server 1.5 s late; the export requests themselves are not delayed.
    const line: Line = { delayMs: 1_500, holding: false, held: [] };
    const { page } = await openDraft(SAN_CARLOS.email, line);
    await typeAtEnd(page, objetivos(page), " Última frase antes del Word.");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar en Word (DOCX)" }).click()]);
    const zip = await JSZip.loadAsync(await fs.readFile(await download.path()));
    const body = await zip.file("word/document.xml")!.async("string");
    expect(body).toContain("Última frase antes del Word.");

    await typeAtEnd(page, objetivos(page), " Última frase antes de imprimir.");
    await page.getByRole("link", { name: "Vista para imprimir o guardar en PDF" }).click();
    await page.waitForURL(/\/imprimir$/);
    await expect(page.locator("article.print-view").textContent()).resolves.toContain("Última frase antes de imprimir.");
  });

  it("a dropped oversized text is refused before it enters the document, and co-editing goes on", async () => {
    const a = await openDraft(SAN_CARLOS.email);
    const b = await openDraft(SAN_FABIAN.email);
    await presence(a.page).getByText(SAN_FABIAN.name).waitFor();
    const before = await textWithoutCarets(sostenibilidad(a.page));
    await sostenibilidad(a.page).evaluate((element) => {
      const data = new DataTransfer();
      data.setData("text/plain", "Texto arrastrado desde otro documento. ".repeat(58_000)); // ~2.2 MB
      const box = element.getBoundingClientRect();
      element.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true, clientX: box.left + 5, clientY: box.top + 5 }));
    });
    await a.page.getByRole("alert").filter({ hasText: "No se agregó el texto" }).waitFor({ state: "visible" });
    expect(await textWithoutCarets(sostenibilidad(a.page))).toBe(before);
    // Still connected and co-editing: the next sentence reaches the other office, who still sees Marcela.
    await typeAtEnd(a.page, sostenibilidad(a.page), " Después del texto rechazado.");
    await until(async () => (await textWithoutCarets(sostenibilidad(b.page))).includes("Después del texto rechazado."), "la frase en San Fabián");
    await presence(b.page).getByText(SAN_CARLOS.name).waitFor();
    await expect(a.page.getByText("El cambio es demasiado grande para guardarlo.").count()).resolves.toBe(0);
  });

  it("someone who goes offline leaves the others' presence list within 30 s", async () => {
    const a = await openDraft(SAN_CARLOS.email);
    const b = await openDraft(SAN_FABIAN.email);
    await presence(a.page).getByText(SAN_FABIAN.name).waitFor();
    const wentOffline = Date.now();
    await b.context.setOffline(true);
    await until(async () => (await presence(a.page).getByText(SAN_FABIAN.name).count()) === 0, "San Fabián fuera de la lista", 30_000);
    const gone = Date.now() - wentOffline;
    console.info(`[presencia] San Fabián salió de la lista ${(gone / 1000).toFixed(1)} s después de quedar sin conexión`);
    expect(gone).toBeLessThan(30_000);
  });

  it("an oversized change kept in this device's IndexedDB is detected on load and sent by parts", { timeout: 180_000 }, async () => {
    const a = await openDraft(SAN_CARLOS.email);
    const b = await openDraft(SAN_FABIAN.email);
    // A 2.2 MB paragraph left in IndexedDB (as a drop did before the size checks existed).
    const planted = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    planted.getXmlFragment("section:sostenibilidad").insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, "Marcador del texto enorme. " + "Texto guardado en este equipo desde hace tiempo. ".repeat(45_000));
    const update = Buffer.from(Y.encodeStateAsUpdate(planted)).toString("base64");
    const proposalId = new URL(b.page.url()).pathname.split("/").at(-1)!;
    await b.page.evaluate(
      async ({ name, base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const db = request.result;
            const tx = db.transaction("updates", "readwrite");
            tx.objectStore("updates").add(bytes);
            tx.oncomplete = () => (db.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        });
      },
      { name: `redomil:proposal:${proposalId}`, base64: update },
    );
    await b.page.reload();
    const notice = b.page.getByRole("alert").filter({ hasText: "Hay un cambio guardado en este equipo" });
    await notice.waitFor({ state: "visible", timeout: 60_000 });
    expect(await textWithoutCarets(sostenibilidad(a.page))).not.toContain("Marcador del texto enorme.");
    await notice.getByRole("button", { name: "Enviar por partes" }).click();
    await notice.waitFor({ state: "detached", timeout: 60_000 });
    await until(async () => (await textWithoutCarets(sostenibilidad(a.page))).includes("Marcador del texto enorme."), "el texto enorme en San Carlos", 60_000);
    // Co-editing goes on from that device.
    await typeAtEnd(b.page, objetivos(b.page), " Después de enviar por partes.");
    await until(async () => (await textWithoutCarets(objetivos(a.page))).includes("Después de enviar por partes."), "la frase siguiente en San Carlos");
    await expect(b.page.getByText("El cambio es demasiado grande para guardarlo.").count()).resolves.toBe(0);
    // The section goes back to a short text (its limit is 1,000 characters), for the submission below.
    await sostenibilidad(a.page).click();
    await a.page.keyboard.press("Control+A");
    await a.page.keyboard.type("La red seguirá con fondos municipales.");
    await until(async () => (await textWithoutCarets(sostenibilidad(b.page))) === "La red seguirá con fondos municipales.", "la sección corta en San Fabián", 60_000);
  });

  it("submitted while another member types: their unsent words are shown to them with 'Copiar', and are not in the frozen copy", { timeout: 180_000 }, async () => {
    const a = await openDraft(SAN_CARLOS.email);
    const line: Line = { delayMs: 0, holding: false, held: [] };
    const b = await openDraft(SAN_FABIAN.email, line);
    await b.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.portal.baseUrl });

    // Make the draft submittable: a valid amount, another theme than last year's, the required files.
    await a.page.getByLabel("Monto de la fila 3").fill("150.000");
    await until(async () => (await b.page.getByLabel("Monto de la fila 3").inputValue()) === "150.000", "el monto en San Fabián");
    const url = a.page.url();
    const offices = await a.page.locator('input[name="responsibleOrganizationIds"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const details = new URLSearchParams({ intent: "details", title: TITLE, themeSlug: "apresto-laboral" });
    offices.forEach((id) => details.append("responsibleOrganizationIds", id));
    const saved = await a.page.request.post(url, { headers: { "content-type": "application/x-www-form-urlencoded" }, data: details.toString(), maxRedirects: 0 });
    expect(saved.status()).toBe(302);
    for (const requirement of ["Carta de compromiso de cada municipio", "Cotizaciones de los ítems sobre $500.000"]) {
      const attached = await a.page.request.post(url, {
        multipart: { intent: "attach", requirement, attachment: { name: "documento.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") } },
        maxRedirects: 0,
      });
      expect(attached.status()).toBe(302);
    }
    await a.page.reload();
    await objetivos(a.page).waitFor({ state: "visible", timeout: 60_000 });
    await a.page.getByRole("button", { name: "Marcar lista para revisión" }).click();
    await a.page.getByRole("heading", { name: /Estado: Lista para revisión/ }).waitFor();
    await objetivos(a.page).waitFor({ state: "visible", timeout: 60_000 });

    // San Fabián keeps typing; his last words are still on their way when San Carlos submits.
    await typeAtEnd(b.page, objetivos(b.page), " Guardado a tiempo.");
    await until(async () => (await textWithoutCarets(objetivos(a.page))).includes("Guardado a tiempo."), "lo guardado a tiempo en San Carlos");
    line.holding = true;
    await typeAtEnd(b.page, objetivos(b.page), " Palabras de último minuto.");
    await a.page.getByRole("button", { name: "Enviar propuesta" }).click();
    await a.page.waitForURL(/enviada=1/);
    // His socket now delivers what it held: the server refuses it (read-only).
    line.holding = false;
    line.held.splice(0).forEach(({ server, message }) => server.send(message));

    const unsent = b.page.getByRole("alert").filter({ hasText: "Estas palabras no alcanzaron a guardarse antes del envío" });
    await unsent.waitFor({ state: "visible", timeout: 10_000 });
    await expect(unsent.textContent()).resolves.toContain("Palabras de último minuto.");
    await expect(unsent.textContent()).resolves.not.toContain("Guardado a tiempo.");
    await b.page.getByText("El documento fue enviado y quedó en solo lectura.").waitFor();
    await unsent.getByRole("button", { name: "Copiar" }).click();
    await unsent.getByText("Copiado").waitFor();
    await expect(b.page.evaluate(() => navigator.clipboard.readText())).resolves.toContain("Palabras de último minuto.");

    // The frozen copy holds everything the server had, and nothing it refused.
    const frozen = (await a.page.locator("main").textContent()) ?? "";
    expect(frozen).toContain("Guardado a tiempo.");
    expect(frozen).not.toContain("Palabras de último minuto.");
  });
});
