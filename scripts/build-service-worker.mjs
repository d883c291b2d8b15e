// Third step of `npm run build`: bundles app/service-worker/sw.ts (Workbox) with esbuild, then lets
// workbox-build inject the list of files to precache (every file of the client build, the offline
// page and the icon) into public/sw.js. Run after `remix build` (it reads public/build).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { injectManifest } from "workbox-build";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const publicDir = path.join(root, "public");
const swDest = path.join(publicDir, "sw.js");
const bundled = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "redomil-sw-")), "sw.js");

await build({
  entryPoints: [path.join(root, "app", "service-worker", "sw.ts")],
  outfile: bundled,
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  // Workbox prints its development logs unless told this is production.
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

const { count, size, warnings } = await injectManifest({
  swSrc: bundled,
  swDest,
  globDirectory: publicDir,
  globPatterns: ["build/**/*.{js,css}", "sin-conexion.html", "favicon.svg"],
  // Build files carry their hash in the name: no revision needed (nor a cache-busting query).
  dontCacheBustURLsMatching: /^build\//,
  modifyURLPrefix: { "": "/" },
  maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
});
for (const warning of warnings) console.warn(`[sw] ${warning}`);
fs.rmSync(path.dirname(bundled), { recursive: true, force: true });
const ownSize = fs.statSync(swDest).size;
console.log(`[sw] public/sw.js ${(ownSize / 1024).toFixed(1)} KB; ${count} archivos precargados (${(size / 1024).toFixed(0)} KB)`);
