import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * The demo's mayor briefing: the brief counts validated progress only (pending
 * apart, never above 100 % from unvalidated contributions) and Chromium prints
 * it as one A4 page, without the page's forms, buttons or navigation.
 */

const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";

describe("mayor brief in the browser", () => {
  const env = usePortalAndBrowser();

  it("shows validated figures with pending apart and prints on one page", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await login(page, env.portal.baseUrl, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);
    await page.goto(`${env.portal.baseUrl}/actividades`);
    await page.getByRole("link", { name: /^Reunión con el alcalde de San Carlos/ }).first().click();
    const brief = page.getByRole("region", { name: /^Minuta para el alcalde/ });
    await brief.waitFor();
    // The page around it has forms and buttons the paper must not carry.
    expect(await page.locator("form").count()).toBeGreaterThan(0);

    const goalLines = await brief.locator("h3:text('Metas de la red este año') + p + ul > li").allInnerTexts();
    expect(goalLines.length).toBeGreaterThan(0);
    for (const line of goalLines) {
      const [, validated, target, percent] = line.match(/: ([\d.,]+) de ([\d.,]+) .*\(([\d.,]+) %\)/) ?? [];
      expect(validated, line).toBeDefined();
      const n = (s: string) => Number(s.replace(/\./g, "").replace(",", "."));
      // The demo's pending contributions are shown apart, not added in.
      expect(n(percent)).toBeCloseTo((n(validated) / n(target)) * 100, 0);
    }
    expect(goalLines.some((line) => / · [\d.,]+ pendientes de validar$/.test(line))).toBe(true);

    await page.emulateMedia({ media: "print" });
    expect(await brief.isVisible()).toBe(true);
    for (const selector of ["form", "button", "nav", ".button"]) {
      const visible = await page.locator(selector).evaluateAll((nodes) => nodes.filter((n) => (n as HTMLElement).offsetParent !== null).length);
      expect(visible, selector).toBe(0);
    }
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
    await context.close();
    expect(env.portal.errorLines()).toEqual([]);
  });
});
