import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyRevocationToken } from "../app/collab/token";
import type { CollabLogger } from "./logger";
import type { CollabServer } from "./server";

/*
 * The standalone server's plain HTTP routes.
 *
 * Guarantees: `GET /healthz` is 200 only while the database answers;
 * `POST /revoke` acts only on a revocation token the app signed with the
 * shared secret (Authorization: Bearer …) — it closes or downgrades the
 * user's live sockets at once and is idempotent, so a replay within the
 * token's minute changes nothing.
 */

export interface HttpRoutesOptions {
  collab: CollabServer;
  secret: string;
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

  async function revoke(req: IncomingMessage, res: ServerResponse) {
    const header = req.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
    const result = verifyRevocationToken(token, { secret: options.secret });
    if (!result.ok) {
      logger.warn("revocation refused", { reason: result.reason });
      return json(res, 401, { ok: false, reason: result.reason });
    }
    const { userId, documentName, access } = result.claims;
    if (access === null) {
      return json(res, 200, { ok: true, closed: collab.closeConnectionsFor(userId, documentName), downgraded: 0 });
    }
    const outcome = await collab.reauthorize({ userId, documentName }, () => access);
    json(res, 200, { ok: true, closed: outcome.closed, downgraded: outcome.downgraded });
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split("?")[0];
    // The request body is never read: drain it so the socket can be reused.
    req.resume();
    const handled =
      req.method === "GET" && path === "/healthz" ? health(res) : req.method === "POST" && path === "/revoke" ? revoke(req, res) : null;
    if (!handled) return json(res, 404, { ok: false });
    handled.catch((error: unknown) => {
      logger.error("http route failed", { path, error });
      if (!res.headersSent) json(res, 500, { ok: false });
    });
  };
}
