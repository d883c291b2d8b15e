import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "~/search/meili-process.server";
import { sharedRedisUrl, uniqueRedisPrefix } from "../../setup/redis";
import { gotoHydrated, launchBrowser, login } from "../support/browser";
import { textWithoutCarets, until } from "../support/collab";
import { startCollabProcess, type CollabProcess } from "../support/collab-process";
import { freePort, startPortal, type Portal } from "../support/portal";

/*
 * The deployment an operator scales out to (issue 10): one PostgreSQL, one
 * Redis, one Meilisearch, two portals and two `npm run collab` processes.
 * Two people on different processes co-write the demo network's draft and see
 * each other's text, caret and presence — first through each portal's own
 * /collab, then through the standalone tier (COLLAB_PUBLIC_URL, tokens from
 * /api/collab-token). A fresh page on another process shows every edit.
 * Deactivating a person, or registering their office's exit from the network,
 * on portal A closes their editor on another process within 1 s, with the
 * Spanish message.
 */

const ADMIN = "admin@demo.redomil.cl";
const SAN_CARLOS = { email: "omil.sancarlos@demo.redomil.cl", name: "Marcela Contreras" };
const SAN_FABIAN = { email: "omil.sanfabian@demo.redomil.cl", name: "Javier Muñoz" };
const PROPOSAL = "Ruta del empleo rural de Punilla";
const REVOKED = "Se revocó tu acceso a este documento.";
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const section = (page: Page) => page.getByRole("textbox", { name: /^Sostenibilidad/ });
const sectionText = (page: Page) => textWithoutCarets(section(page));
const presence = (page: Page) => page.getByRole("region", { name: "En el documento ahora" });

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface OpenEditor {
  page: Page;
  /** URLs of the WebSockets the page opened, in order. */
  sockets: { url: string; closed: boolean }[];
}

describe("scale-out: two portals and two collab processes on one PostgreSQL, Redis and Meilisearch", () => {
  const databaseName = `redomil_scale_${randomBytes(4).toString("hex")}`;
  const redisPrefix = uniqueRedisPrefix();
  const meiliDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-scale-meili-"));
  let meili: EmbeddedMeilisearch | undefined;
  let portalA: Portal;
  let portalB: Portal;
  let collab1: CollabProcess;
  let collab2: CollabProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const started = Date.now();
    await adminQuery(`create database ${databaseName}`);
    const databaseUrl = new URL(ADMIN_URL);
    databaseUrl.pathname = `/${databaseName}`;
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    meili = await startEmbeddedMeilisearch({ dataDir: meiliDir, logger: quiet });
    const secret = randomBytes(24).toString("hex");
    const shared = {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: sharedRedisUrl(),
      REDIS_PREFIX: redisPrefix,
      COLLAB_SECRET: secret,
    };
    const portalEnv = {
      ...shared,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      AUTH_SECRET: randomBytes(24).toString("hex"),
      SEED_DEMO: "1",
    };
    // Only the first start on an empty database seeds (and prints the demo passwords): A first, then B.
    portalA = await startPortal({ env: portalEnv });
    timings.portalAStartMs = Date.now() - started;
    const portB = await freePort();
    const collabEnv = { ...shared, COLLAB_ALLOWED_ORIGINS: `${portalA.baseUrl},http://localhost:${portB}` };
    // Settled one by one, so afterAll stops whatever did start when another fails.
    const starting = {
      portalB: startPortal({ env: portalEnv, port: portB }).then((p) => (portalB = p)),
      collab1: startCollabProcess(collabEnv).then((c) => (collab1 = c)),
      collab2: startCollabProcess(collabEnv).then((c) => (collab2 = c)),
      browser: launchBrowser().then((b) => (browser = b)),
    };
    const failed = (await Promise.allSettled(Object.values(starting))).find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    timings.startupMs = Date.now() - started;
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([portalA?.stop(), portalB?.stop(), collab1?.stop(), collab2?.stop()]);
    await meili?.stop();
    fs.rmSync(meiliDir, { recursive: true, force: true });
    for (const portal of [portalA, portalB]) if (portal) fs.rmSync(portal.dataDir, { recursive: true, force: true });
    await adminQuery(`drop database if exists ${databaseName} with (force)`);
    const redis = new Redis(sharedRedisUrl());
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    console.info(`[scale-out] tiempos (ms): ${JSON.stringify(timings)}`);
  });

  const password = (email: string) => portalA.demoPasswords[email];

  async function signIn(email: string, portal: Portal): Promise<BrowserContext> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await login(page, portal.baseUrl, email, password(email));
    await page.close();
    return context;
  }

  /** The same session in a new context: nothing of this device's IndexedDB, so the text can only come from the server. */
  async function freshContext(of: BrowserContext): Promise<BrowserContext> {
    const context = await browser.newContext({ storageState: { cookies: await of.cookies(), origins: [] } });
    contexts.push(context);
    return context;
  }

  async function openProposal(context: BrowserContext, portal: Portal): Promise<OpenEditor> {
    const page = await context.newPage();
    const sockets: OpenEditor["sockets"] = [];
    page.on("websocket", (ws) => {
      const entry = { url: ws.url(), closed: false };
      sockets.push(entry);
      ws.on("close", () => (entry.closed = true));
    });
    page.on("pageerror", (error) => console.warn(`[${portal.baseUrl}] error de página: ${error.message}`));
    await gotoHydrated(page, `${portal.baseUrl}/propuestas`);
    await page.getByRole("link", { name: PROPOSAL }).click();
    await section(page).waitFor({ state: "visible", timeout: 60_000 });
    // The editor shows the device's copy first and connects once it has its token.
    await until(async () => sockets.length > 0, "the editor's socket");
    return { page, sockets };
  }

  /** Types at the end of the section on `from` and waits until `to` shows it; returns the milliseconds it took to appear. */
  async function typeAndSee(from: Page, to: Page, text: string, what: string): Promise<number> {
    await section(from).click();
    await from.keyboard.press("Control+End");
    await from.keyboard.type(text);
    const typed = Date.now();
    await until(async () => (await sectionText(to)).includes(text.trim()), what);
    return Date.now() - typed;
  }

  async function coEdit(a: OpenEditor, b: OpenEditor, round: string) {
    const first = ` ${round}: San Carlos pone los buses.`;
    const second = ` ${round}: San Fabián aporta la sede.`;
    timings[`${round}.aToBMs`] = await typeAndSee(a.page, b.page, first, `el texto de San Carlos en San Fabián (${round})`);
    await b.page.locator(".collaboration-carets__label", { hasText: SAN_CARLOS.name }).waitFor({ state: "visible" });
    await presence(b.page).getByText(SAN_CARLOS.name).waitFor({ state: "visible" });
    timings[`${round}.bToAMs`] = await typeAndSee(b.page, a.page, second, `el texto de San Fabián en San Carlos (${round})`);
    await a.page.locator(".collaboration-carets__label", { hasText: SAN_FABIAN.name }).waitFor({ state: "visible" });
    await presence(a.page).getByText(SAN_FABIAN.name).waitFor({ state: "visible" });
    await until(async () => (await sectionText(a.page)) === (await sectionText(b.page)), `el mismo texto en ambas páginas (${round})`);
    return [first.trim(), second.trim()];
  }

  /**
   * Clicks `button` on the admin's page; returns the milliseconds from the click, and from the
   * moment the form's POST left the browser, until `editor` shows the revocation message.
   */
  async function revokeAndTime(button: ReturnType<Page["getByRole"]>, editor: OpenEditor): Promise<{ fromClickMs: number; fromPostMs: number }> {
    const live = editor.sockets.filter((s) => !s.closed);
    expect(live).toHaveLength(1);
    let posted = 0;
    const adminPage = button.page();
    const onRequest = (request: { method(): string }) => {
      if (request.method() === "POST" && posted === 0) posted = Date.now();
    };
    adminPage.on("request", onRequest);
    const clicked = Date.now();
    await button.click();
    await editor.page.getByText(REVOKED).waitFor({ state: "visible", timeout: 5_000 });
    const shown = Date.now();
    adminPage.off("request", onRequest);
    await until(async () => live[0].closed, "el cierre del socket del editor", 2_000);
    // A revocation does not reconnect.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(editor.sockets.filter((s) => !s.closed)).toHaveLength(0);
    return { fromClickMs: shown - clicked, fromPostMs: shown - posted };
  }

  let marcela: BrowserContext;
  let javier: BrowserContext;
  let admin: BrowserContext;
  const written: string[] = [];

  it("co-edits across the two portals' own /collab; a fresh page on the other portal shows every edit", async () => {
    marcela = await signIn(SAN_CARLOS.email, portalA);
    javier = await signIn(SAN_FABIAN.email, portalB);
    const a = await openProposal(marcela, portalA);
    const b = await openProposal(javier, portalB);
    expect(a.sockets[0]?.url).toMatch(new RegExp(`^ws://localhost:${portalA.port}/collab/`));
    expect(b.sockets[0]?.url).toMatch(new RegExp(`^ws://localhost:${portalB.port}/collab/`));

    written.push(...(await coEdit(a, b, "Portales")));
    await a.page.close();
    await b.page.close();

    const fresh = await openProposal(await freshContext(marcela), portalB);
    await until(async () => (await sectionText(fresh.page)).includes(written[1]), "todas las ediciones en una página nueva");
    const text = await sectionText(fresh.page);
    for (const t of written) expect(text).toContain(t);
    await fresh.page.close();
  });

  it("deactivating a person on portal A closes their editor on portal B within 1 s", async () => {
    const b = await openProposal(javier, portalB);
    expect(b.sockets[0]?.url).toMatch(new RegExp(`^ws://localhost:${portalB.port}/collab/`));
    admin = await signIn(ADMIN, portalA);
    const users = await admin.newPage();
    await gotoHydrated(users, `${portalA.baseUrl}/admin/usuarios`);
    const row = users.getByRole("row").filter({ hasText: SAN_FABIAN.email });
    const deactivation = await revokeAndTime(row.getByRole("button", { name: "Desactivar" }), b);
    timings.deactivateClickToMessageMs = deactivation.fromClickMs;
    timings.deactivatePostToMessageMs = deactivation.fromPostMs;
    expect(deactivation.fromPostMs).toBeLessThan(1_000);

    // Reactivated, Javier signs in again (deactivation ended his sessions).
    await row.getByRole("button", { name: "Reactivar" }).click();
    await row.getByRole("button", { name: "Desactivar" }).waitFor();
    await users.close();
    await b.page.close();
    await javier.close();
    javier = await signIn(SAN_FABIAN.email, portalB);
  });

  it("co-edits through the two standalone collab processes (COLLAB_PUBLIC_URL); a fresh page shows every edit", async () => {
    // The operator points each portal's browsers at a collab process.
    const restarted = Date.now();
    await Promise.all([portalA.stop(), portalB.stop()]);
    timings.portalsStopMs = Date.now() - restarted;
    await Promise.all([portalA.restart({ COLLAB_PUBLIC_URL: collab1.publicUrl }), portalB.restart({ COLLAB_PUBLIC_URL: collab2.publicUrl })]);
    timings.portalsRestartMs = Date.now() - restarted;

    const a = await openProposal(marcela, portalA);
    const b = await openProposal(javier, portalB);
    expect(a.sockets[0]?.url).toMatch(new RegExp(`^${collab1.publicUrl}/`));
    expect(b.sockets[0]?.url).toMatch(new RegExp(`^${collab2.publicUrl}/`));
    // What was written through the portals is there.
    for (const t of written) expect(await sectionText(a.page)).toContain(t);

    written.push(...(await coEdit(a, b, "Servidores")));
    await a.page.close();
    await b.page.close();

    const fresh = await openProposal(await freshContext(javier), portalA);
    expect(fresh.sockets[0]?.url).toMatch(new RegExp(`^${collab1.publicUrl}/`));
    await until(async () => (await sectionText(fresh.page)).includes(written[written.length - 1]), "todas las ediciones en una página nueva");
    const text = await sectionText(fresh.page);
    for (const t of written) expect(text).toContain(t);
    await fresh.page.close();
  });

  it("registering the office's exit on portal A closes its editor on a standalone process within 1 s; others keep editing", async () => {
    const a = await openProposal(marcela, portalA);
    const b = await openProposal(javier, portalB);
    expect(b.sockets[0]?.url).toMatch(new RegExp(`^${collab2.publicUrl}/`));
    await presence(a.page).getByText(SAN_FABIAN.name).waitFor({ state: "visible" });

    const network = await admin.newPage();
    await gotoHydrated(network, `${portalA.baseUrl}/redes`);
    await network.getByRole("link", { name: "Red Territorial Punilla" }).first().click();
    const exit = network.getByRole("form", { name: "Registrar salida de OMIL San Fabián" });
    const exitTiming = await revokeAndTime(exit.getByRole("button", { name: "Registrar salida" }), b);
    timings.officeExitClickToMessageMs = exitTiming.fromClickMs;
    timings.officeExitPostToMessageMs = exitTiming.fromPostMs;
    expect(exitTiming.fromPostMs).toBeLessThan(1_000);

    // San Carlos is still connected and editing; San Fabián's presence is gone.
    await presence(a.page).getByText(SAN_FABIAN.name).waitFor({ state: "detached" });
    expect(a.sockets.filter((s) => !s.closed)).toHaveLength(1);
    await section(a.page).click();
    await a.page.keyboard.press("Control+End");
    await a.page.keyboard.type(" Sigue San Carlos.");
    expect(await a.page.getByText(REVOKED).count()).toBe(0);
  });
});
