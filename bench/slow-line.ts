/*
 * A bad rural line (`npm run bench:slow-line`, after `npm run build`): Chromium's DevTools emulate
 * 400 ms per request and 256 kbit/s each way; every load starts from a cold cache (a fresh browser
 * context: empty HTTP cache, no open connections). Measures the time until the page is usable
 * (the root sets html[data-hydrated]) on the public /buenas-practicas and on a signed-in page
 * (/inicio, cookies from a login done beforehand on a normal line), against a peer measured in the
 * same run: the same page with JavaScript off, until its first contentful paint (what the line
 * costs for the HTML and CSS alone). Also prints what each page transferred (JavaScript compressed,
 * everything on the wire). Ratio (usable / peer first paint) on the last line.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser, login } from "../tests/e2e/support/browser.ts";
import { loadPage, type PageLoad } from "../tests/e2e/support/page-weight.ts";
import { startPortal } from "../tests/e2e/support/portal.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_MS = 5000;
const SIGNED_IN_USER = "omil.sanfabian@demo.redomil.cl";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

interface Measured {
  label: string;
  usable: number[];
  peer: number[];
  last: PageLoad;
  lastPeer: PageLoad;
}

async function measure(browser: Browser, label: string, url: string, storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>): Promise<Measured> {
  const usable: number[] = [];
  const peer: number[] = [];
  let last: PageLoad | undefined;
  let lastPeer: PageLoad | undefined;
  for (let i = 0; i < RUNS; i += 1) {
    // Alternate so a noisy moment of the machine hits both sides.
    last = await loadPage(browser, url, { slowLine: true, storageState, waitForServiceWorker: !!storageState });
    usable.push(last.hydratedMs!);
    lastPeer = await loadPage(browser, url, { slowLine: true, javaScript: false, storageState });
    peer.push(lastPeer.firstPaintMs!);
  }
  return { label, usable, peer, last: last!, lastPeer: lastPeer! };
}

function report(m: Measured) {
  const all = m.last.resources.reduce((sum, r) => sum + r.wireBytes, 0);
  const html = m.last.resources.find((r) => r.type === "Document");
  const css = m.last.resources.filter((r) => r.type === "Stylesheet");
  console.log(`${m.label}`);
  console.log(`  usable (hydrated): ${m.usable.map((x) => x.toFixed(0)).join(", ")} ms; first paint with JS ${m.last.firstPaintMs?.toFixed(0)} ms`);
  console.log(`  peer, JavaScript off, first paint: ${m.peer.map((x) => x.toFixed(0)).join(", ")} ms`);
  console.log(
    `  transferred: HTML ${kb(html?.bodyBytes ?? 0)}, CSS ${kb(css.reduce((s, r) => s + r.bodyBytes, 0))} in ${css.length}, ` +
      `JavaScript ${kb(m.last.scriptBytes)} in ${m.last.scripts.length} files, all ${kb(all)} in ${m.last.resources.length} responses (with headers)`,
  );
  const sw = m.last.serviceWorker;
  // The emulation throttles the page, not (as far as can be seen) its worker: its time on the line is estimated from its bytes.
  if (sw) console.log(`  service worker: ready at ${sw.readyMs?.toFixed(0) ?? "—"} ms after ${kb(sw.bytes)} in ${sw.requests} fetches of its own (≈ ${(sw.bytes / 32_000).toFixed(0)} s more on this line)`);
}

async function main() {
  const portal = await startPortal();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, portal.baseUrl, SIGNED_IN_USER, portal.demoPasswords[SIGNED_IN_USER]);
    const signedIn = await context.storageState();
    await context.close();

    const results = [await measure(browser, "/buenas-practicas (public)", `${portal.baseUrl}/buenas-practicas`), await measure(browser, "/inicio (signed in)", `${portal.baseUrl}/inicio`, signedIn)];
    for (const m of results) report(m);
    const [pub, priv] = results;
    const ratio = (m: Measured) => (median(m.usable) / median(m.peer)).toFixed(2);
    console.log(
      `slow line (400 ms, 256 kbit/s, cold cache), p50 of ${RUNS}: /buenas-practicas usable ${median(pub.usable).toFixed(0)} ms vs peer (no-JS first paint) ${median(pub.peer).toFixed(0)} ms, ratio ${ratio(pub)} (goal ≤ ${GOAL_MS} ms); ` +
        `/inicio usable ${median(priv.usable).toFixed(0)} ms vs peer ${median(priv.peer).toFixed(0)} ms, ratio ${ratio(priv)}`,
    );
  } finally {
    await browser.close();
    await portal.stop();
  }
}

await main();
