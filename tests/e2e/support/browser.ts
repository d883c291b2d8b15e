import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// playwright-core's launch() always uses a fresh temporary profile.
/** Debian's Chromium, installed with apt-get when missing (never a browser download). */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  execFileSync("bash", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"], { stdio: "inherit" });
}

export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** Navigates and waits until React has hydrated the page (so forms use client validation). */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
}

export async function login(page: Page, baseUrl: string, email: string, password: string) {
  await gotoHydrated(page, `${baseUrl}/ingresar`);
  await page.getByLabel("Correo").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/ingresar")), page.getByRole("button", { name: "Ingresar" }).click()]);
  await page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Inicio", exact: true }).waitFor();
}

/** CSP violations and console errors of a page, as Chromium reports them. */
export function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  return problems;
}
