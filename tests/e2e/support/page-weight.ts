import type { Browser, BrowserContextOptions, CDPSession } from "playwright-core";

/** A bad rural line as Chromium's DevTools emulate it: 400 ms per request, 256 kbit/s each way. */
export const SLOW_LINE = { offline: false, latency: 400, downloadThroughput: 32_000, uploadThroughput: 32_000 } as const;

export interface LoadedResource {
  url: string;
  type: string;
  /** Body bytes as they came over the wire (compressed when the server compressed them). */
  bodyBytes: number;
  /** Body plus response headers. */
  wireBytes: number;
}

export interface PageLoad {
  url: string;
  /** ms from navigation start until the root set html[data-hydrated] (null without JavaScript). */
  hydratedMs: number | null;
  /** ms from navigation start until the first contentful paint. */
  firstPaintMs: number | null;
  resources: LoadedResource[];
  /** Sum of the compressed bodies of the JavaScript responses. */
  scriptBytes: number;
  scripts: LoadedResource[];
  /** What the page's service worker fetched (its precache) until it was ready, when asked to wait for it. */
  serviceWorker: { readyMs: number | null; bytes: number; requests: number } | null;
}

/** Collects every finished response of a page through the DevTools protocol (sizes as transferred). */
function recordResponses(cdp: CDPSession) {
  const started = new Map<string, { url: string; type: string; headerBytes: number }>();
  const resources: LoadedResource[] = [];
  cdp.on("Network.responseReceived", (event) => {
    // At this point encodedDataLength counts what arrived so far: the response headers.
    started.set(event.requestId, { url: event.response.url, type: event.type, headerBytes: event.response.encodedDataLength });
  });
  cdp.on("Network.loadingFinished", (event) => {
    const response = started.get(event.requestId);
    if (!response) return;
    resources.push({ url: response.url, type: response.type, wireBytes: event.encodedDataLength, bodyBytes: Math.max(0, event.encodedDataLength - response.headerBytes) });
  });
  return resources;
}

/**
 * Loads `url` in a fresh browser context (empty HTTP cache, no open connections; cookies only
 * from `storageState`), optionally over the emulated slow line, and waits until the page is
 * usable (hydrated) and the network is idle, so JavaScript fetched after hydration counts too.
 */
export async function loadPage(
  browser: Browser,
  url: string,
  options: { slowLine?: boolean; javaScript?: boolean; storageState?: BrowserContextOptions["storageState"]; waitForServiceWorker?: boolean } = {},
): Promise<PageLoad> {
  const javaScript = options.javaScript ?? true;
  const context = await browser.newContext({ javaScriptEnabled: javaScript, storageState: options.storageState });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    if (options.slowLine) await cdp.send("Network.emulateNetworkConditions", SLOW_LINE);
    const resources = recordResponses(cdp);
    // The service worker's own fetches are not the page's: counted apart, through the context.
    const worker = { bytes: 0, requests: 0 };
    context.on("requestfinished", (request) => {
      if (!request.serviceWorker()) return;
      worker.requests += 1;
      void request.sizes().then((sizes) => (worker.bytes += sizes.responseBodySize), () => undefined);
    });
    // The moment the root marks the page hydrated, on the page's own clock (ms since navigation start).
    // A string, not a function: tsx's keepNames would wrap a function's inner names in a helper the page lacks.
    // It runs before the document has its <html>, so it watches the whole document for the attribute.
    await page.addInitScript(`new MutationObserver((records, observer) => {
      if (!document.documentElement || !document.documentElement.hasAttribute("data-hydrated")) return;
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });`);
    const response = await page.goto(url, { waitUntil: "load", timeout: 120_000 });
    if (!response || response.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
    if (javaScript) await page.waitForSelector("html[data-hydrated]", { state: "attached", timeout: 120_000 });
    await page.waitForLoadState("networkidle", { timeout: 120_000 });
    const timings = await page.evaluate(() => ({
      hydratedAt: (window as unknown as { __hydratedAt?: number }).__hydratedAt ?? null,
      firstPaint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    }));
    let serviceWorker: PageLoad["serviceWorker"] = null;
    if (options.waitForServiceWorker) {
      // The emulation is the page's: the worker's own fetches are probably not slowed, so its bytes count, not its time.
      const readyMs = await page.evaluate(
        () =>
          new Promise<number | null>((resolve) => {
            if (!("serviceWorker" in navigator)) return resolve(null);
            setTimeout(() => resolve(null), 120_000);
            void navigator.serviceWorker.ready.then(() => resolve(performance.now()));
          }),
      );
      serviceWorker = { readyMs, ...worker };
    }
    const scripts = resources.filter((r) => r.type === "Script");
    return {
      url,
      hydratedMs: timings.hydratedAt,
      firstPaintMs: timings.firstPaint,
      resources,
      scripts,
      scriptBytes: scripts.reduce((sum, r) => sum + r.bodyBytes, 0),
      serviceWorker,
    };
  } finally {
    await context.close();
  }
}
