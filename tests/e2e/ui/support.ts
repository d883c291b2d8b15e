import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** The demo network's pages a member sees (ids found by following links, never hard-coded). */
export async function demoPages(page: Page, baseUrl: string) {
  const firstHref = async (path: string, selector: string) => {
    await page.goto(`${baseUrl}${path}`);
    const href = await page.locator(selector).first().getAttribute("href");
    if (!href) throw new Error(`no link ${selector} on ${path}`);
    return href.split("#")[0];
  };
  const network = await firstHref("/redes", "main table a[href^='/redes/']");
  const proposal = await firstHref("/propuestas", "main table a[href^='/propuestas/']");
  const meeting = await firstHref(`${network}/reuniones`, "main a[href^='/reuniones/']");
  const goal = await firstHref(`${network}/metas`, "main h2 a[href*='/metas/']");
  return { network, proposal, meeting, goal };
}

/** document.scrollingElement.scrollWidth of each path, for those wider than the viewport. */
export async function overflowingPages(page: Page, baseUrl: string, paths: string[], width: number) {
  const wide: Record<string, number> = {};
  for (const path of paths) {
    await page.goto(`${baseUrl}${path}`);
    const scrollWidth = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
    if (scrollWidth > width) wide[path] = scrollWidth;
  }
  return wide;
}

/** Serious or critical WCAG 2.1 A/AA violations of each path ("path: rule (n)"). */
export async function seriousViolations(page: Page, baseUrl: string, paths: string[]) {
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(`${baseUrl}${path}`);
    await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of result.violations) {
      if (v.impact === "serious" || v.impact === "critical") found.push(`${path}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    }
  }
  return found;
}
