import type http from "node:http";
import { CollabRefusal } from "../collab-server/auth.ts";
import { createDatabaseStore } from "../collab-server/persistence.ts";
import { createCollabServer, type CollabServer } from "../collab-server/server.ts";
import { createJsonLogger, parseLogLevel } from "../collab-server/logger.ts";
import { CollabCloseCode } from "~/collab/close-codes";
import { parseDocumentName } from "~/collab/document-name";
import { verifyCollabToken } from "~/collab/token";
import { loadActor } from "~/auth/actor.server";
import { getAuth } from "~/auth/auth.server";
import { loadOrCreateSecret } from "~/auth/secret.server";
import { getDb } from "~/db/client.server";
import type { Env } from "~/env.server";
import { collabStoredHook, resolveCollabAccess } from "~/permissions/collab-access.server";
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

/**
 * Mounts the collaboration server on `/collab/<document>` of the portal's HTTP
 * server. Identity comes from the session cookie (same origin) or a token the
 * app signed; access is decided per document kind by the permission module.
 */
export async function attachCollab(server: http.Server, env: Env, log: Logger) {
  const db = getDb();
  const secret = loadOrCreateSecret(env.dataDir, "collab-secret", process.env.COLLAB_SECRET);
  const collab: CollabServer = createCollabServer({
    allowedOrigins: env.trustedOrigins,
    store: createDatabaseStore(db),
    logger: createJsonLogger(parseLogLevel(process.env.COLLAB_LOG_LEVEL, "warn")),
    authenticate: async (req, documentName) => {
      const ref = parseDocumentName(documentName);
      if (!ref) throw new CollabRefusal(CollabCloseCode.NOT_FOUND, "Documento inválido");
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
      const actor = await loadActor(db, userId);
      if (!actor) throw new CollabRefusal(CollabCloseCode.UNAUTHORIZED, "Cuenta no activa");
      // Permissions are always re-checked here, even with a token.
      const access = await resolveCollabAccess(db, actor, ref.kind, ref.id);
      if (!access) throw new CollabRefusal(CollabCloseCode.FORBIDDEN, "Sin acceso");
      return { userId: actor.userId, userName: actor.name, access, issuedAt };
    },
    onStored: async (documentName, doc) => {
      const ref = parseDocumentName(documentName);
      const hook = ref && collabStoredHook(ref.kind);
      if (ref && hook) await hook(db, ref.id, doc);
    },
  });

  // Access changed (someone left a network, a proposal was submitted): re-check live sockets now.
  setCollabRevalidator(async (filter) => {
    await collab.reauthorize(filter, async (connection) => {
      const ref = parseDocumentName(connection.documentName);
      const actor = ref && (await loadActor(db, connection.userId));
      return ref && actor ? resolveCollabAccess(db, actor, ref.kind, ref.id) : null;
    });
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
