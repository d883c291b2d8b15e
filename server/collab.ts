import type http from "node:http";
import { CollabRefusal } from "../collab-server/auth.ts";
import { createDatabaseStore } from "../collab-server/persistence.ts";
import { createCollabServer, type CollabServer } from "../collab-server/server.ts";
import { createJsonLogger, parseLogLevel } from "../collab-server/logger.ts";
import { CollabCloseCode } from "~/collab/close-codes";
import { parseDocumentName } from "~/collab/document-name";
import { verifyCollabToken } from "~/collab/token";
import { getAuth } from "~/auth/auth.server";
import { loadOrCreateSecret } from "~/auth/secret.server";
import { getDb } from "~/db/client.server";
import type { Env } from "~/env.server";
import { checkCollabAccess, currentCollabAccess, runCollabStoredHook } from "~/permissions/collab-access.server";
import { setCollabRevalidator } from "~/permissions/collab-revalidate.server";

type Logger = Pick<Console, "info" | "warn" | "error">;

/** Request headers as a fetch Headers, for better-auth's session lookup. */
function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  return headers;
}

const REFUSALS = {
  "invalid-document": [CollabCloseCode.NOT_FOUND, "Documento inválido"],
  "inactive-user": [CollabCloseCode.UNAUTHORIZED, "Cuenta no activa"],
  "no-access": [CollabCloseCode.FORBIDDEN, "Sin acceso"],
} as const;

function refusalFor(reason: keyof typeof REFUSALS): CollabRefusal {
  const [code, message] = REFUSALS[reason];
  return new CollabRefusal(code, message);
}

/**
 * Mounts the collaboration server on `/collab/<document>` of the portal's HTTP
 * server. Identity comes from the session cookie (same origin) or a token the
 * app signed; access is decided per document kind by the permission module.
 */
export async function attachCollab(server: http.Server, env: Env, log: Logger) {
  const db = getDb();
  const secret = loadOrCreateSecret(env.dataDir, "collab-secret", env.COLLAB_SECRET);
  const collab: CollabServer = createCollabServer({
    allowedOrigins: env.trustedOrigins,
    store: createDatabaseStore(db),
    logger: createJsonLogger(parseLogLevel(process.env.COLLAB_LOG_LEVEL, "warn")),
    authenticate: async (req, documentName) => {
      if (!parseDocumentName(documentName)) throw refusalFor("invalid-document");
      let userId: string | undefined;
      let issuedAt: number | undefined;
      const token = new URL(req.url ?? "/", "http://x").searchParams.get("token");
      if (token) {
        const verified = verifyCollabToken(token, { secret, documentName });
        if (!verified.ok) throw new CollabRefusal(CollabCloseCode.UNAUTHORIZED, "Token inválido o vencido");
        userId = verified.claims.userId;
        // A token issued before a revocation cannot be reused to get back in.
        issuedAt = verified.claims.iat * 1000;
      } else {
        const session = await getAuth().api.getSession({ headers: headersOf(req) });
        userId = session?.user.id;
      }
      if (!userId) throw new CollabRefusal(CollabCloseCode.UNAUTHORIZED, "Sin sesión");
      // Permissions are always re-checked here, even with a token.
      const decision = await checkCollabAccess(db, userId, documentName);
      if (!decision.ok) throw refusalFor(decision.reason);
      return { userId: decision.actor.userId, userName: decision.actor.name, access: decision.access, issuedAt };
    },
    onStored: (documentName, doc) => runCollabStoredHook(db, documentName, doc),
  });

  // Access changed (someone left a network, a proposal was submitted): re-check live sockets now,
  // with the same check as on connect (standalone processes run it too, on POST /revalidate).
  setCollabRevalidator(async (filter) => {
    await collab.reauthorize(filter, (connection) => currentCollabAccess(db, connection.userId, connection.documentName));
  });

  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").startsWith("/collab/")) collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  log.info("[collab] servidor de edición colaborativa en /collab");
  let closed = false;
  return {
    server: collab,
    secret,
    status: (): "ok" | "error" => (closed ? "error" : "ok"),
    async close() {
      closed = true;
      setCollabRevalidator(undefined);
      await collab.close();
    },
  };
}
