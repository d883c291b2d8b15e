import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { toNodeHandler } from "better-auth/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { getAuth } from "~/auth/auth.server";
import { getEnv } from "~/env.server";
import { runWithAuditContext } from "~/features/audit/context.server";
import { compileTrustedProxies, resolveClientAddress } from "~/utils/client-address.server";
import { answerPracticesApi } from "~/features/practices/search/api.server";
import { getLogger, type Logger } from "~/utils/logger.server";
import { serveBuildAssets } from "./build-assets.ts";
import { collectHealth } from "./health.ts";
import { refuseForeignOrigins } from "./origin-check.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
  }
}

export interface AppOptions {
  build: ServerBuild;
  buildDir: string;
  publicDir: string;
  version: string;
  collabStatus: () => "ok" | "error";
  /** One request line per answer (method, path, status, ms, request id); default the process logger. */
  logger?: Logger;
}

// Path segments that are credentials (calendar feeds, invitations): never logged.
const SECRET_PATH = /^\/(ical|invitacion)\/[^/]+/;
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The path without query string (it may carry tokens) and with secret segments hidden. */
export function loggablePath(url: string): string {
  const pathname = url.split("?")[0] ?? "/";
  return pathname.replace(SECRET_PATH, (_match, prefix: string) => `/${prefix}/[oculto]`);
}

/** The Express app: security headers, compression, static files, health, auth API and Remix. */
export function createApp(options: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  const requestLog = (options.logger ?? getLogger()).child({ component: "http" });
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    // A proxy's id is kept (to follow one request across tiers) when it looks like one.
    const incoming = req.get("x-request-id");
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", id);
    res.on("finish", () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const path = loggablePath(req.originalUrl);
      // Health probes and hashed assets are frequent and uninteresting: debug level.
      const level = res.statusCode >= 500 ? "warn" : path === "/healthz" || path.startsWith("/build/") ? "debug" : "info";
      requestLog[level]({ reqId: id, method: req.method, path, status: res.statusCode, ms }, `${req.method} ${path} ${res.statusCode} ${ms} ms`);
    });
    next();
  });
  // Public JSON search for other sites; plain Express keeps it cheap (see api.server.ts). It comes
  // right after the request log, with the same security headers (a script-src without a nonce: a
  // JSON answer runs no script) and compression: the layers for pages (client address, audit
  // context, CSP nonce, static files) are nothing it uses, and they were a measurable part of its
  // CPU per request (docs/decisions/0011).
  app.get("/api/practicas", securityHeaders(), compression(), (req, res, next) => {
    answerPracticesApi(new URL(req.originalUrl, "http://localhost")).then(({ body, headers }) => res.set(headers).json(body), next);
  });
  // The browser build, precompressed and with lean headers: before helmet and compression (see build-assets.ts).
  app.use("/build", serveBuildAssets(options.buildDir));
  // X-Forwarded-For is believed only from TRUSTED_PROXIES (default none: the socket address counts).
  const trust = compileTrustedProxies(getEnv().trustedProxies);
  app.set("trust proxy", trust);
  app.use((req, res, next) => {
    const clientIp = resolveClientAddress(req, trust);
    res.locals.clientIp = clientIp;
    // Whatever reads the header from here on (better-auth's /api/auth rate limiter and session
    // records, Remix loaders) sees the resolved client, not a value the client chose.
    req.headers["x-forwarded-for"] = clientIp;
    next();
  });
  // Audit events written while answering carry this request's id and client address (decision 0140).
  app.use((_req, res, next) => runWithAuditContext({ requestId: String(res.getHeader("X-Request-Id") ?? "") || null, ipAddress: res.locals.clientIp ?? null }, next));

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(securityHeaders((_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`));
  app.use(compression());

  // The service worker (built into public/sw.js by `npm run build`): always revalidated, so a new
  // version is found on the next visit (docs/decisions/0110).
  app.get("/sw.js", (_req, res, next) => {
    res.sendFile(path.join(options.publicDir, "sw.js"), { headers: { "Cache-Control": "no-cache", "Content-Type": "text/javascript; charset=utf-8" } }, (error) => {
      if (error) next();
    });
  });
  // Only paths that name a file (favicon.svg): pages and APIs skip a disk lookup per request.
  const publicFiles = express.static(options.publicDir, { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.get("/healthz", async (_req, res) => {
    const health = await collectHealth(options.version, options.collabStatus);
    res.status(health.db === "ok" ? 200 : 503).json(health);
  });

  app.all("/api/auth/*", toNodeHandler(getAuth()));

  // Cross-site writes: a Spanish 403 and a warning, instead of Remix's empty 500 (same rule).
  app.use(refuseForeignOrigins(requestLog));
  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: res.locals.clientIp as string }),
    }),
  );
  return app;
}

type ScriptSource = string | ((req: IncomingMessage, res: ServerResponse) => string);

/** helmet with the portal's policy; pages add a per-request nonce to script-src. */
function securityHeaders(nonce?: ScriptSource) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: nonce ? ["'self'", nonce] : ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'", "ws:", "wss:"],
        // The offline shell's service worker (/sw.js), and nothing else.
        workerSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
    // helmet's "no-referrer" makes Chromium send `Origin: null` on form posts, which Remix's
    // cross-site check refuses (every no-JS form answered 500). Same-origin keeps the origin.
    referrerPolicy: { policy: "same-origin" },
  });
}

export function defaultPaths(root: string) {
  return { buildDir: path.join(root, "public", "build"), publicDir: path.join(root, "public"), serverBuild: path.join(root, "build", "index.js") };
}
