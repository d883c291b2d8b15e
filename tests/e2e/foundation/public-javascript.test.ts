/**
 * Public pages stay light enough for a bad rural line (issue 13, docs/decisions/0125): each one,
 * opened in a fresh browser context (cold cache), transfers at most 90 KB of compressed
 * JavaScript until it is usable (hydrated) and the network is idle — summed from what Chromium
 * actually received. The sign-in form's validation arrives only when the form is first focused,
 * and then it checks the form in the browser.
 */
import { describe, expect, it } from "vitest";
import { gotoHydrated } from "../support/browser.ts";
import { loadPage } from "../support/page-weight.ts";
import { usePortalAndBrowser } from "../support/portal.ts";

const BUDGET_BYTES = 90_000;

describe("JavaScript on public pages", () => {
  const env = usePortalAndBrowser();

  async function firstPracticePath() {
    const res = await fetch(`${env.portal.baseUrl}/api/practicas?q=`);
    const body = (await res.json()) as { hits: { slug: string }[] };
    expect(body.hits.length).toBeGreaterThan(0);
    return `/buenas-practicas/${body.hits[0].slug}`;
  }

  it.each(["/", "/buenas-practicas", "PRACTICE", "/ferias", "/ingresar"])("%s loads at most 90 KB of compressed JavaScript", async (path) => {
    const url = `${env.portal.baseUrl}${path === "PRACTICE" ? await firstPracticePath() : path}`;
    const load = await loadPage(env.browser, url);
    expect(load.hydratedMs, "the page hydrates").not.toBeNull();
    expect(load.scripts.length).toBeGreaterThan(0);
    const listing = load.scripts.map((s) => `${s.url.replace(env.portal.baseUrl, "")} ${s.bodyBytes}`).join("\n");
    // Served precompressed: every script is brotli here (Chromium asks for it), never sent raw.
    expect(load.scriptBytes, `${url}\n${listing}`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("the sign-in form loads its validation on first focus and then checks in the browser", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await gotoHydrated(page, `${env.portal.baseUrl}/ingresar`);
    const validation = page.waitForResponse((response) => /\/build\/.*\.js$/.test(response.url()) && response.status() === 200);
    await page.getByLabel("Correo").focus();
    await validation;
    await page.getByLabel("Correo").fill("no-es-un-correo");
    await page.getByLabel("Contraseña").fill("x");
    await page.getByRole("button", { name: "Ingresar" }).click();
    await page.getByText("Correo no válido.").first().waitFor();
    // Refused by the browser-side check: nothing was sent.
    expect(posts).toEqual([]);
    await context.close();
  });
});
