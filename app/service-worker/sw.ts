/// <reference lib="webworker" />
/*
 * The portal's service worker (built by scripts/build-service-worker.mjs into public/sw.js; the
 * build's file list is injected where `self.__WB_MANIFEST` stands).
 *
 * - Every build file and the offline page are precached; other `/build/` files cache-first.
 * - A signed-in person's pages and loader data: network first, the saved copy after
 *   NETWORK_TIMEOUT_SECONDS or when the network fails, marked with when it was saved. Saved only
 *   in that person's cache; the pages tell the worker who is signed in, and the worker drops
 *   everyone else's cache then, and every cache on sign-in and sign-out (a shared computer).
 * - A new version waits until a page asks it to take over (the page offers "Recargar").
 * Which request is which: policy.ts.
 */
import { clientsClaim } from "workbox-core";
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst, NetworkOnly } from "workbox-strategies";
import type { RouteHandlerCallbackOptions, WorkboxPlugin } from "workbox-core/types";
import {
  BUILD_CACHE,
  cachesToDrop,
  classifyRequest,
  isSaveable,
  markSavedAt,
  NETWORK_TIMEOUT_SECONDS,
  OFFLINE_FALLBACK_URL,
  ROUTE_MANIFEST_CACHE,
  SAVED_AT_HEADER,
  userCacheName,
  userKeyOf,
  type PageToWorkerMessage,
  type RequestKind,
  type WorkerToPageMessage,
} from "./policy.ts";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
clientsClaim();

const kindOf = (request: Request): RequestKind => classifyRequest({ method: request.method, url: request.url, mode: request.mode, origin: self.location.origin });

// ---- Who is signed in on this device ------------------------------------------------------------
// The one person whose cache exists; kept in memory too (the worker is stopped when idle, so
// after a restart it is read back from the cache names).
let currentUser: string | null | undefined;

async function signedInUser(): Promise<string | null> {
  if (currentUser === undefined) currentUser = userKeyOf(await caches.keys());
  return currentUser;
}

async function setUser(userKey: string | null) {
  currentUser = userKey;
  await Promise.all(cachesToDrop(await caches.keys(), userKey).map((name) => caches.delete(name)));
  if (userKey) await caches.open(userCacheName(userKey));
}

// ---- A person's pages and loader data -----------------------------------------------------------
/** Strips transfer headers (the stored body is already decoded) and stamps the saving time. */
function stamped(response: Response, body: BodyInit | null, savedAt: string): Response {
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  headers.set(SAVED_AT_HEADER, savedAt);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

const saveStamped: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) => (isSaveable(response) ? stamped(response, response.body, new Date().toISOString()) : null),
};
// A saved page says on its <html> when it was saved; the page's banner reads it.
const markSavedPage: WorkboxPlugin = {
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return null;
    const savedAt = cachedResponse.headers.get(SAVED_AT_HEADER) ?? "";
    return stamped(cachedResponse, markSavedAt(await cachedResponse.text(), savedAt), savedAt);
  },
};

const strategies = new Map<string, { page: NetworkFirst; data: NetworkFirst }>();
function strategiesFor(userKey: string) {
  let found = strategies.get(userKey);
  if (!found) {
    const cacheName = userCacheName(userKey);
    found = {
      page: new NetworkFirst({ cacheName, networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS, plugins: [saveStamped, markSavedPage] }),
      data: new NetworkFirst({ cacheName, networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS, plugins: [saveStamped] }),
    };
    strategies.set(userKey, found);
  }
  return found;
}

async function tellPage(clientId: string, message: WorkerToPageMessage) {
  if (!clientId) return;
  const client = await self.clients.get(clientId);
  client?.postMessage(message);
}

async function offlinePage(): Promise<Response> {
  return (await matchPrecache(OFFLINE_FALLBACK_URL)) ?? Response.error();
}

/** Without network nor a saved copy, a loader fetch turns into a full page load (which gets the offline page). */
function reloadDocument(request: Request): Response {
  const url = new URL(request.url);
  url.searchParams.delete("_data");
  return new Response(null, { status: 204, headers: { "X-Remix-Redirect": `${url.pathname}${url.search}`, "X-Remix-Reload-Document": "true" } });
}

async function personalRequest(options: RouteHandlerCallbackOptions, kind: "page" | "loader-data"): Promise<Response> {
  const { request, event } = options;
  const userKey = await signedInUser();
  let response: Response | undefined;
  try {
    response = userKey ? await strategiesFor(userKey)[kind === "page" ? "page" : "data"].handle(options) : await fetch(request);
  } catch {
    response = undefined;
  }
  if (kind === "page") return response ?? offlinePage();
  if (!response) return reloadDocument(request);
  const savedAt = response.headers.get(SAVED_AT_HEADER);
  const clientId = (event as FetchEvent).clientId;
  event.waitUntil(tellPage(clientId, savedAt ? { type: "served-from-cache", savedAt, url: request.url } : { type: "served-from-network", url: request.url }));
  return response;
}

registerRoute(({ request }) => kindOf(request) === "page", (options) => personalRequest(options, "page"));
registerRoute(({ request }) => kindOf(request) === "loader-data", (options) => personalRequest(options, "loader-data"));

// ---- Shared, impersonal requests ----------------------------------------------------------------
registerRoute(
  ({ request }) => kindOf(request) === "build-asset",
  new CacheFirst({
    cacheName: BUILD_CACHE,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 60 * 60 * 24 * 60 })],
  }),
);
const routeManifest = new NetworkFirst({ cacheName: ROUTE_MANIFEST_CACHE, networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS, plugins: [new CacheableResponsePlugin({ statuses: [200] })] });
registerRoute(
  ({ request }) => kindOf(request) === "route-manifest",
  async (options) => {
    try {
      return await routeManifest.handle(options);
    } catch {
      // Neither network nor a copy: Remix then loads the destination as a document (which this
      // worker answers from the saved pages) instead of failing the navigation.
      return new Response(null, { status: 204, headers: { "X-Remix-Reload-Document": "true" } });
    }
  },
);
// Any other page (account, admin, sign-in…): network only, the offline page when there is none.
const networkOnly = new NetworkOnly();
registerRoute(
  ({ request }) => request.mode === "navigate" && kindOf(request) === "passthrough",
  async (options) => {
    try {
      return await networkOnly.handle(options);
    } catch {
      return offlinePage();
    }
  },
);

// ---- Sign-in, sign-out, messages --------------------------------------------------------------
self.addEventListener("fetch", (event) => {
  const kind = kindOf(event.request);
  // Nobody's pages survive a sign-in or a sign-out (the request itself goes on untouched).
  if (kind === "sign-out" || kind === "sign-in") event.waitUntil(setUser(null));
});

self.addEventListener("message", (event) => {
  const message = event.data as PageToWorkerMessage;
  if (message?.type === "set-user") event.waitUntil(setUser(message.userKey));
  if (message?.type === "skip-waiting") void self.skipWaiting();
});
