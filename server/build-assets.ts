import fs from "node:fs";
import path from "node:path";
import express from "express";

/*
 * The browser build (/build): hashed files that never change. Served before helmet and the
 * compression middleware on purpose:
 * - scripts and stylesheets go out as the build precompressed them (brotli 11 / gzip 9,
 *   scripts/compress-assets.mjs), smaller than what compression() makes on the fly;
 * - only the headers a script or stylesheet needs: helmet's ~700 bytes (CSP and friends apply to
 *   documents) would be sent with each of the ~10 files of a page, a fifth of a second on a
 *   256 kbit/s line. ETag and Last-Modified are useless with an immutable year-long cache.
 * See docs/decisions/0125.
 */

const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;

const TYPES: Record<string, string> = { ".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/**
 * Whether the client takes an encoding (Accept-Encoding, q=0 refuses). The server's order decides
 * between accepted ones: Express's `acceptsEncodings` keeps the client's order on equal weights,
 * and Chromium lists gzip before br.
 */
export function acceptedEncodings(header: string | undefined): (name: string) => boolean {
  const weights = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  return (name) => (weights.get(name) ?? weights.get("*") ?? 0) > 0;
}

/** URL path under /build (e.g. "/_shared/chunk-X.js") → the encodings precompressed for it. */
function findPrecompressed(buildDir: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  if (!fs.existsSync(buildDir)) return found;
  for (const entry of fs.readdirSync(buildDir, { recursive: true, encoding: "utf8" })) {
    const encoding = ENCODINGS.find((e) => entry.endsWith(e.suffix));
    if (!encoding) continue;
    const original = entry.slice(0, -encoding.suffix.length);
    if (!TYPES[path.extname(original)]) continue;
    const urlPath = `/${original.split(path.sep).join("/")}`;
    if (!found.has(urlPath)) found.set(urlPath, new Set());
    found.get(urlPath)!.add(encoding.name);
  }
  return found;
}

export function serveBuildAssets(buildDir: string): express.Handler {
  // The build does not change while the process runs (a deploy restarts it): listed once.
  const precompressed = findPrecompressed(buildDir);
  const cacheControl = "public, max-age=31536000, immutable";
  const plain = express.static(buildDir, {
    immutable: true,
    maxAge: "1y",
    etag: false,
    lastModified: false,
    setHeaders: (res) => res.setHeader("X-Content-Type-Options", "nosniff"),
  });
  return (req, res, next) => {
    const available = (req.method === "GET" || req.method === "HEAD") && precompressed.get(req.path);
    if (!available) return plain(req, res, next);
    res.setHeader("Vary", "Accept-Encoding");
    const accepted = acceptedEncodings(req.get("accept-encoding"));
    const encoding = ENCODINGS.find((e) => available.has(e.name) && accepted(e.name));
    if (!encoding) return plain(req, res, next);
    res.setHeader("Content-Type", TYPES[path.extname(req.path)]);
    res.setHeader("Content-Encoding", encoding.name);
    res.setHeader("Cache-Control", cacheControl);
    res.setHeader("X-Content-Type-Options", "nosniff");
    // Only paths listed from the build directory reach here, so the joined path stays inside it.
    res.sendFile(path.join(buildDir, req.path + encoding.suffix), { etag: false, lastModified: false, acceptRanges: false, cacheControl: false }, (error) => {
      if (error) next(error);
    });
  };
}
