import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyRevalidationToken } from "../app/collab/token";
import type { CollabLogger } from "./logger";
import type { AccessCheck, CollabServer } from "./server";

/*
 * The standalone server's plain HTTP routes.
 *
 * Guarantees: `GET /healthz` is 200 only while the database answers;
 * `POST /revalidate` acts only on a short-lived revalidation token the app
 * signed with the shared secret (Authorization: Bearer …; 401 otherwise). The
 * token carries the filter ({ userId?, documentName? }); the matching live
 * sockets are re-checked against the database with `accessCheck` (the
 * portal's own check) before the answer: those without access are closed with
 * ACCESS_REVOKED, those left with read access are downgraded. It reads the
 * current permissions, so a replay within the token's lifetime changes nothing.
 */

export interface HttpRoutesOptions {
  collab: CollabServer;
  secret: string;
  /** The live sockets' access now (the portal's check, against the database). */
  accessCheck: AccessCheck;
  ping(): Promise<void>;
  databaseKind: string;
  logger: CollabLogger;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function createHttpRoutes(options: HttpRoutesOptions) {
  const { collab, logger } = options;

  async function health(res: ServerResponse) {
    try {
      await options.ping();
      json(res, 200, { ok: true, database: options.databaseKind, ...collab.stats() });
    } catch (error) {
      logger.error("health check failed", { error });
      json(res, 503, { ok: false });
    }
  }

  async function revalidate(req: IncomingMessage, res: ServerResponse) {
    const header = req.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
    const result = verifyRevalidationToken(token, { secret: options.secret });
    if (!result.ok) {
      logger.warn("revalidation refused", { reason: result.reason });
      return json(res, 401, { ok: false, reason: result.reason });
    }
    const { userId, documentName } = result.claims;
    const outcome = await collab.reauthorize({ userId, documentName }, options.accessCheck);
    json(res, 200, { ok: true, ...outcome });
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split("?")[0];
    // The request body is never read: drain it so the socket can be reused.
    req.resume();
    const handled =
      req.method === "GET" && path === "/healthz" ? health(res) : req.method === "POST" && path === "/revalidate" ? revalidate(req, res) : null;
    if (!handled) return json(res, 404, { ok: false });
    handled.catch((error: unknown) => {
      logger.error("http route failed", { path, error });
      if (!res.headersSent) json(res, 500, { ok: false });
    });
  };
}
