import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignOriginReason, refuseForeignOrigins } from "../../../server/origin-check";

/** Real HTTP through Express: the middleware in front of a handler standing in for Remix. */
describe("cross-site writes", () => {
  let server: http.Server;
  let base: string;
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(refuseForeignOrigins({ warn: (fields, message) => warnings.push({ fields, message }) }));
    app.all("*", (_req, res) => res.status(200).send("procesado"));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** node:http, because fetch does not let a caller set Origin. */
  function send(method: string, headers: Record<string, string>) {
    return new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      const req = http.request(`${base}/actividades/nueva`, { method, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"] ?? "") }));
      });
      req.on("error", reject);
      req.end(method === "GET" ? undefined : "titulo=x");
    });
  }

  it("answers a foreign Origin with 403, a Spanish page and a warning", async () => {
    const before = warnings.length;
    const answer = await send("POST", { origin: "https://malicioso.example" });
    expect(answer.status).toBe(403);
    expect(answer.type).toContain("text/html");
    expect(answer.body).toContain('<html lang="es-CL">');
    expect(answer.body).toContain("Envío rechazado");
    expect(answer.body).toContain("No se guardó ningún cambio");
    expect(answer.body).not.toContain("procesado");
    expect(warnings.slice(before)).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ method: "POST", path: "/actividades/nueva", origin: "https://malicioso.example", reason: "Origin de otro sitio" }) }),
    ]);
  });

  it("answers Origin: null with 403 as well", async () => {
    const answer = await send("POST", { origin: "null" });
    expect(answer.status).toBe(403);
    expect(warnings.at(-1)?.fields.reason).toBe("Origin null");
  });

  it("lets same-host writes, writes without Origin and reads through", async () => {
    const host = new URL(base).host;
    expect((await send("POST", { origin: base })).status).toBe(200);
    expect((await send("POST", {})).status).toBe(200);
    expect((await send("GET", { origin: "https://malicioso.example" })).status).toBe(200);
    // Behind a proxy Remix compares with X-Forwarded-Host; so does the check.
    expect((await send("POST", { origin: "https://redomil.example.cl", "x-forwarded-host": "redomil.example.cl" })).status).toBe(200);
    expect(host).toMatch(/^127\.0\.0\.1:/);
  });

  it("follows Remix's rule exactly", () => {
    const h = (headers: Record<string, string>) => headers;
    expect(foreignOriginReason("DELETE", h({ origin: "http://a.example", host: "b.example" }))).toBe("Origin de otro sitio");
    expect(foreignOriginReason("PATCH", h({ origin: "http://a.example:3000", host: "a.example:3000" }))).toBeNull();
    expect(foreignOriginReason("POST", h({ origin: "no es una url", host: "a.example" }))).toBe("Origin ilegible");
    expect(foreignOriginReason("POST", h({ origin: "http://a.example" }))).toBe("sin Host");
    expect(foreignOriginReason("HEAD", h({ origin: "null" }))).toBeNull();
  });
});
