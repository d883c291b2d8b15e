import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { watchConsole } from "./browser.ts";

/*
 * Walks a signed-in person's (or a visitor's) portal the way they would: from
 * a start page, following every same-origin link they are shown. Each page is
 * checked where they stand — axe-core's WCAG 2.1 A/AA rules (serious and
 * critical), horizontal overflow at a phone's width, console and page errors.
 * Pages of the same shape (/redes/<id>, /actividades/<id>…) are checked once,
 * so the walk covers every kind of page without visiting all 300 activities.
 */

export const PHONE_WIDTH = 375;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Links that are not pages: files, feeds, the API, the sign-out, the collab socket. */
const NOT_A_PAGE = /\.(csv|ics|docx|pdf|xlsx|eml|json|xml|txt|md)$|^\/(api|collab|build|healthz|salir|cerrar-sesion)(\/|$)|\/(exportar|descargar|respaldo|adjuntos|archivo)(\/|$)|\/feed|\.ics\b/;

export interface PageFinding {
  path: string;
  shape: string;
  problems: string[];
}

/** /redes/1b9d…/metas/7 → /redes/:id/metas/:id (so one page per kind is checked). */
export function pageShape(pathname: string): string {
  return pathname
    .split("/")
    .map((part) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part) || /^\d+$/.test(part) ? ":id" : part))
    .join("/");
}

async function sameOriginLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (anchors) => anchors.filter((a) => !a.hasAttribute("download")).map((a) => (a as HTMLAnchorElement).href));
  const out: string[] = [];
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    if (NOT_A_PAGE.test(url.pathname)) continue;
    out.push(url.pathname + url.search);
  }
  return out;
}

/** What is wrong with the page as it stands (and the console problems gathered since the last check). */
export async function checkPage(page: Page, problems: string[]): Promise<string[]> {
  const found: string[] = [];
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  if (overflow > PHONE_WIDTH) found.push(`se desborda a ${overflow} px de ancho (pantalla de ${PHONE_WIDTH} px)`);
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  for (const violation of axe.violations) {
    if (violation.impact !== "serious" && violation.impact !== "critical") continue;
    const targets = violation.nodes.slice(0, 3).map((n) => n.target.join(" "));
    found.push(`axe ${violation.impact} ${violation.id}: ${violation.help} — ${targets.join(" | ")}`);
  }
  found.push(...problems.splice(0));
  return found;
}

/**
 * Visits up to `limit` page shapes reachable from `start`, skipping shapes in
 * `seen` (checked for an earlier role). Returns what was wrong per page.
 */
export async function walkSite(context: BrowserContext, baseUrl: string, start: string[], options: { seen?: Set<string>; limit?: number } = {}) {
  const seen = options.seen ?? new Set<string>();
  const limit = options.limit ?? 60;
  const origin = new URL(baseUrl).origin;
  const page = await context.newPage();
  await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
  const problems = watchConsole(page);
  const queue = [...start];
  const startPages = new Set(start);
  const visited: string[] = [];
  const findings: PageFinding[] = [];
  while (queue.length > 0 && visited.length < limit) {
    const target = queue.shift()!;
    const shape = pageShape(new URL(target, baseUrl).pathname);
    // Start pages differ per person (each role's home): always walked.
    const isStart = startPages.delete(target);
    if (seen.has(shape) && !isStart) continue;
    seen.add(shape);
    const response = await page.goto(`${baseUrl}${target}`);
    const status = response?.status() ?? 0;
    // Only pages this person may open are part of their walk; a link to a page they get 403/404 on is itself a finding.
    if (status >= 400 && !isStart) {
      findings.push({ path: target, shape, problems: [`responde ${status} a un enlace que se le muestra`] });
      continue;
    }
    if (status < 400 && !new URL(page.url()).pathname.startsWith(new URL(target, baseUrl).pathname)) {
      // Redirected (e.g. a "Hoy" link to the current month): check the page reached under its own shape.
      const reached = pageShape(new URL(page.url()).pathname);
      if (seen.has(reached) && reached !== shape) continue;
      seen.add(reached);
    }
    await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    visited.push(target);
    // A start page that is meant to answer an error status (the 404 page) logs that status itself: not a finding.
    if (status >= 400) problems.splice(0, problems.length, ...problems.filter((p) => !p.includes(`status of ${status}`)));
    const found = await checkPage(page, problems);
    if (found.length > 0) findings.push({ path: target, shape, problems: found });
    for (const link of await sameOriginLinks(page, origin)) {
      if (!seen.has(pageShape(new URL(link, baseUrl).pathname))) queue.push(link);
    }
  }
  await page.close();
  return { visited, findings };
}

/** One readable line per problem, for the assertion message. */
export function describeFindings(findings: PageFinding[]): string[] {
  return findings.flatMap((f) => f.problems.map((p) => `${f.path}: ${p}`));
}
