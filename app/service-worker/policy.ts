/*
 * What the service worker does with each request, as pure functions (unit-tested without a
 * browser). The worker itself (sw.ts) only wires these to Workbox.
 *
 * Guarantees: only GET requests to the portal's own origin are ever answered from a cache; a
 * person's pages and loader data go to a cache named after that person and nowhere else; sign-in
 * and sign-out requests are recognised so the worker can drop every person's pages first.
 */

/** Network-first requests fall back to the saved copy after this long (a bad rural line). */
export const NETWORK_TIMEOUT_SECONDS = 5;

/** Pages and loader data of one signed-in person. */
const USER_CACHE_PREFIX = "redomil-pages-";
/** Hashed build files fetched at run time (besides the precache): old tabs keep theirs. */
export const BUILD_CACHE = "redomil-build";
/** Remix's route discovery (`/__manifest`): no personal data, shared. */
export const ROUTE_MANIFEST_CACHE = "redomil-route-manifest";
/** Stored with every saved page and loader answer: when it was saved (ISO 8601). */
export const SAVED_AT_HEADER = "x-redomil-saved-at";
/** Set on `<html>` of a page answered from the cache (read by the page's offline banner). */
export const SAVED_AT_ATTRIBUTE = "data-offline-saved-at";
/** Precached; answers a navigation that has neither network nor a saved copy. */
export const OFFLINE_FALLBACK_URL = "/sin-conexion.html";

export type RequestKind = "build-asset" | "page" | "loader-data" | "route-manifest" | "sign-out" | "sign-in" | "passthrough";

export interface RequestFacts {
  method: string;
  url: string;
  /** `navigate` for documents. */
  mode: string;
  /** The worker's own origin. */
  origin: string;
}

// Sections worth reading offline: network pages, calendars, meetings (agenda and minutes),
// proposals and calls, goals, practices, agreements, home and notifications.
const OFFLINE_SECTIONS = [
  "/inicio",
  "/redes",
  "/calendario",
  "/actividades",
  "/reuniones",
  "/acuerdos",
  "/propuestas",
  "/convocatorias",
  "/metas",
  "/region",
  "/buenas-practicas",
  "/ferias",
  "/notificaciones",
];
// Downloads (files, exports, feeds) and one-shot forms inside those sections are never saved.
const NEVER_SAVED = [/\/docx$/, /\.docx$/, /\.ics$/, /\/exportar$/, /\/adjuntos\//, /\/respaldo\//, /\/importar$/, /\/eliminar$/, /\/traspaso$/];

/** Whether a signed-in page at this path may be kept for offline reading. */
export function isOfflinePath(pathname: string): boolean {
  const inSection = OFFLINE_SECTIONS.some((section) => pathname === section || pathname.startsWith(`${section}/`));
  return inSection && !NEVER_SAVED.some((pattern) => pattern.test(pathname));
}

export function classifyRequest(facts: RequestFacts): RequestKind {
  const url = new URL(facts.url);
  if (url.origin !== facts.origin) return "passthrough";
  const method = facts.method.toUpperCase();
  if (method === "POST" && url.pathname === "/salir") return "sign-out";
  if (method === "POST" && (url.pathname === "/ingresar" || url.pathname.startsWith("/api/auth/sign-in"))) return "sign-in";
  if (method !== "GET") return "passthrough";
  if (url.pathname.startsWith("/build/")) return "build-asset";
  if (url.pathname === "/__manifest") return "route-manifest";
  if (!isOfflinePath(url.pathname)) return "passthrough";
  if (facts.mode === "navigate") return "page";
  if (url.searchParams.has("_data")) return "loader-data";
  return "passthrough";
}

/** The cache holding one person's pages (the key is the root loader's user id). */
export function userCacheName(userKey: string): string {
  return `${USER_CACHE_PREFIX}${encodeURIComponent(userKey)}`;
}

export function isUserCache(cacheName: string): boolean {
  return cacheName.startsWith(USER_CACHE_PREFIX);
}

/** The user key of the one person whose cache exists, or null (nobody signed in on this device). */
export function userKeyOf(cacheNames: string[]): string | null {
  const own = cacheNames.find(isUserCache);
  return own ? decodeURIComponent(own.slice(USER_CACHE_PREFIX.length)) : null;
}

/** Caches to delete when `userKey` (or, with null, nobody) is now the person on this device. */
export function cachesToDrop(cacheNames: string[], userKey: string | null): string[] {
  return cacheNames.filter((name) => isUserCache(name) && (userKey === null || name !== userCacheName(userKey)));
}

/** Only complete same-origin answers are saved: never redirects (a lapsed session), errors or opaque answers. */
export function isSaveable(response: { status: number; type: string; redirected: boolean }): boolean {
  return response.status === 200 && response.type === "basic" && !response.redirected;
}

/** Marks a saved page's `<html>` with when it was saved, for the page's offline banner. */
export function markSavedAt(html: string, savedAt: string): string {
  const safe = savedAt.replace(/[^\dTZ:.+-]/g, "");
  return html.replace(/<html\b/i, `<html ${SAVED_AT_ATTRIBUTE}="${safe}"`);
}

/** Messages between the pages and the worker. */
export type PageToWorkerMessage =
  | { type: "set-user"; userKey: string | null }
  | { type: "skip-waiting" };

export type WorkerToPageMessage = { type: "served-from-cache"; savedAt: string | null; url: string } | { type: "served-from-network"; url: string };
