import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { until } from "../support/collab";
import { usePortalAndBrowser } from "../support/portal";

/*
 * Comments on the demo network's draft: typing "@" suggests people, the
 * keyboard picks one, and clicking the thread afterwards selects and
 * highlights the commented passage in its section.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";

describe("mentions and commented passages in the browser", () => {
  const env = usePortalAndBrowser();

  it("suggests people after @, picks one with the keyboard, and jumps from the thread to its passage", async () => {
    const context = await env.browser.newContext();
    try {
      const page = await context.newPage();
      page.on("pageerror", (error) => console.warn(`error de página: ${error.message}`));
      await login(page, env.portal.baseUrl, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);
      await page.goto(`${env.portal.baseUrl}/propuestas`);
      await page.getByRole("link", { name: "Ruta del empleo rural de Punilla" }).click();
      const objectives = page.getByRole("textbox", { name: /^Objetivos/ });
      await objectives.waitFor({ state: "visible", timeout: 60_000 });

      // Select the last line of Objetivos and comment on it.
      await objectives.click();
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Shift+Home");
      const quote = await page.evaluate(() => window.getSelection()?.toString() ?? "");
      expect(quote.length).toBeGreaterThan(5);
      await page.getByRole("region", { name: /^Objetivos/ }).getByRole("button", { name: "Comentar el texto seleccionado" }).click();
      const form = page.getByRole("form", { name: "Nuevo comentario" });
      await form.getByText("Sobre el texto seleccionado").waitFor({ state: "visible" });

      // "@mu" suggests Javier Muñoz (accents ignored); arrows move, Enter picks.
      const comment = form.getByRole("combobox", { name: "Comentario" });
      await comment.click();
      await page.keyboard.type("Revisemos con @mu");
      const listbox = form.getByRole("listbox", { name: "Personas que puedes mencionar" });
      await listbox.waitFor({ state: "visible" });
      await expect(comment.getAttribute("aria-expanded")).resolves.toBe("true");
      const javier = listbox.getByRole("option", { name: /Javier Muñoz/ });
      await javier.waitFor({ state: "visible" });
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      const activeId = await comment.getAttribute("aria-activedescendant");
      expect(activeId).toBe(await javier.getAttribute("id"));
      await expect(javier.getAttribute("aria-selected")).resolves.toBe("true");
      await page.keyboard.press("Enter");
      await listbox.waitFor({ state: "hidden" });
      await expect(comment.getAttribute("aria-expanded")).resolves.toBe("false");
      await page.keyboard.type("los plazos.");
      await expect(comment.inputValue()).resolves.toBe("Revisemos con @Javier Muñoz los plazos.");

      // Escape closes the list without picking.
      await page.keyboard.type(" @ro");
      await listbox.waitFor({ state: "visible" });
      await page.keyboard.press("Escape");
      await listbox.waitFor({ state: "hidden" });
      for (let i = 0; i < " @ro".length; i++) await page.keyboard.press("Backspace");
      await expect(comment.inputValue()).resolves.toBe("Revisemos con @Javier Muñoz los plazos.");

      await form.getByRole("button", { name: "Comentar" }).click();
      const thread = page.getByRole("article").filter({ hasText: "Revisemos con @Javier Muñoz los plazos." });
      await thread.waitFor({ state: "visible" });

      // Move the selection elsewhere, then go back to the passage from the thread.
      const sustainability = page.getByRole("textbox", { name: /^Sostenibilidad/ });
      await sustainability.click();
      await thread.getByRole("link", { name: /^Ir al texto comentado/ }).click();
      const active = objectives.locator(".comment-anchor--active");
      await active.waitFor({ state: "visible" });
      expect((await active.innerText()).trim()).toBe(quote.trim());
      await until(async () => (await page.evaluate(() => window.getSelection()?.toString() ?? "")).trim() === quote.trim(), "el texto comentado seleccionado");
      expect(await objectives.evaluate((element) => element.contains(document.activeElement) || element === document.activeElement)).toBe(true);

      // The same from the keyboard: Enter on the focused link.
      await sustainability.click();
      await thread.getByRole("link", { name: /^Ir al texto comentado/ }).focus();
      await page.keyboard.press("Enter");
      await until(async () => (await page.evaluate(() => window.getSelection()?.toString() ?? "")).trim() === quote.trim(), "la selección al usar Enter");
    } finally {
      await context.close();
    }
  });
});
