/**
 * `GET /api/practicas` through the portal's Express app (server/app.ts) over real HTTP, with the
 * real engine: it is served ahead of the page middleware (docs/decisions/0011), so this checks it
 * still gets what every answer gets — security headers, a request id, compression, the request
 * log line — and that pages keep their per-request CSP nonce.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "~/utils/logger.server";
import { createApp } from "../../../server/app";
import { drainOutbox, importDemoLibrary, setupPracticeContext } from "./support";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

describe("/api/practicas over HTTP", () => {
  let ctx: Awaited<ReturnType<typeof setupPracticeContext>>;
  let server: http.Server;
  let base: string;
  const logLines: string[] = [];

  const get = (pathname: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      http
        .get(`${base}${pathname}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });

  beforeAll(async () => {
    ctx = await setupPracticeContext();
    await importDemoLibrary(ctx.handle.db, null);
    await drainOutbox();
    const publicDir = path.join(ctx.dataDir, "public");
    fs.mkdirSync(path.join(publicDir, "build"), { recursive: true });
    const logger = createLogger({ destination: { write: (line: string) => void logLines.push(line) } });
    // No request here reaches Remix: an empty build is enough (the handler reads it lazily).
    const app = createApp({ build: {} as ServerBuild, buildDir: path.join(publicDir, "build"), publicDir, version: "test", collabStatus: () => "ok", logger });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.close();
  });

  it("answers JSON with the portal's security headers, a request id and the search headers", async () => {
    const res = await get("/api/practicas?q=feria&page=1");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const body = JSON.parse(res.body.toString("utf8")) as { hits: { slug: string; snippet: string }[]; page: number; totalPages: number };
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.some((h) => h.snippet.includes("<mark>"))).toBe(true);
    expect(body.page).toBe(1);
    expect(res.headers["x-request-id"]).toMatch(/^[\w-]{36}$/);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["x-search-degraded"]).toBe("0");
    expect(res.headers["server-timing"]).toMatch(/meili;dur=[\d.]+, route;dur=[\d.]+/);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // A JSON answer runs no script: script-src is the pages' policy without their nonce.
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain("nonce-");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("same-origin");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("keeps a proxy's request id and compresses for clients that accept it", async () => {
    const res = await get("/api/practicas?q=", { "accept-encoding": "gzip", "x-request-id": "proxy-123" });
    expect(res.status).toBe(200);
    expect(res.headers["x-request-id"]).toBe("proxy-123");
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const body = JSON.parse(zlib.gunzipSync(res.body).toString("utf8")) as { hits: unknown[] };
    expect(body.hits.length).toBeGreaterThan(0);
  });

  it("logs one line per answer, without the query string", async () => {
    await get("/api/practicas?q=secreto+de+nadie");
    const line = logLines.map((l) => JSON.parse(l) as { path?: string; status?: number; reqId?: string; msg: string }).findLast((l) => l.path === "/api/practicas");
    expect(line).toMatchObject({ path: "/api/practicas", status: 200 });
    expect(line?.reqId).toBeTruthy();
    expect(logLines.join("\n")).not.toContain("secreto");
  });

  it("leaves pages their per-request CSP nonce", async () => {
    const [a, b] = [await get("/favicon.ico"), await get("/favicon.ico")];
    expect(a.status).toBe(301);
    const nonce = (res: Answer) => /'nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))?.[1];
    expect(nonce(a)).toBeTruthy();
    expect(nonce(a)).not.toBe(nonce(b));
  });
});
