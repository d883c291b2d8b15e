import type http from "node:http";
import { CollabRefusal } from "../collab-server/auth.ts";
import { createDatabaseStore } from "../collab-server/persistence.ts";
import { resolveLimits } from "../collab-server/limits.ts";
import { joinProcessGroup } from "../collab-server/process-group.ts";
import { createCollabServer, type AccessCheck, type CollabServer } from "../collab-server/server.ts";
import { createPinoCollabLogger } from "../collab-server/logger.ts";
import { CollabCloseCode } from "~/collab/close-codes";
import { parseDocumentName } from "~/collab/document-name";
import { setLiveDocumentSettler } from "~/collab/live-documents.server";
import { verifyCollabToken } from "~/collab/token";
import { getAuth } from "~/auth/auth.server";
import { loadOrCreateSecret } from "~/auth/secret.server";
import { getDb } from "~/db/client.server";
import type { Env } from "~/env.server";
import { collabAccess } from "~/features/features.server";
import { setCollabRevalidator } from "~/permissions/collab-revalidate.server";
import { compileTrustedProxies } from "~/utils/client-address.server";
import { isLogLevel, type Logger } from "~/utils/logger.server";


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
export async function attachCollab(server: http.Server, env: Env, processLogger: Logger) {
  const db = getDb();
  const log = processLogger.child({ component: "portal" });
  // Per-connection events are noisy in the portal: warn unless COLLAB_LOG_LEVEL asks for more.
  const collabLevel = isLogLevel(process.env.COLLAB_LOG_LEVEL) ? process.env.COLLAB_LOG_LEVEL : "warn";
  const logger = createPinoCollabLogger(processLogger.child({}, { level: collabLevel }));
  // With REDIS_URL every process sees every other; without it this must be the only one (refused otherwise).
  const group = await joinProcessGroup({
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    databaseUrl: env.DATABASE_URL,
    maxMessageBytes: resolveLimits().maxMessageBytes,
    logger,
  });
  const secret = loadOrCreateSecret(env.dataDir, "collab-secret", env.COLLAB_SECRET);
  const accessCheck: AccessCheck = (connection) => collabAccess.current(db, connection.userId, connection.documentName);
  const collab: CollabServer = createCollabServer({
    relay: group.relay,
    journal: group.journal,
    accessCheck,
    // PGlite runs one statement at a time; PostgreSQL's pool can take a few.
    storeConcurrency: env.DATABASE_URL ? 4 : 1,
    allowedOrigins: env.trustedOrigins,
    // The per-address socket limit counts the same client the portal sees (TRUSTED_PROXIES).
    trustProxy: compileTrustedProxies(env.trustedProxies),
    store: createDatabaseStore(db),
    logger,
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
      const decision = await collabAccess.check(db, userId, documentName);
      if (!decision.ok) throw refusalFor(decision.reason);
      return { userId: decision.actor.userId, userName: decision.actor.name, access: decision.access, issuedAt };
    },
    onStored: (documentName, doc) => collabAccess.runStoredHook(db, documentName, doc),
    upgrade: (documentName, doc) => collabAccess.runUpgrade(documentName, doc),
    // Submitted proposals: read-only for everyone; once this process's sockets are, the frozen copy takes what they sent.
    isFrozen: (documentName) => collabAccess.isFrozen(db, documentName),
    onFrozen: (documentName) => collabAccess.runFrozenHook(db, documentName),
  });

  // Access changed (someone left a network, a proposal was submitted): re-check live sockets now,
  // here and, through Redis, in every other process.
  setCollabRevalidator((filter) => collab.accessChanged(filter));
  // Exports and the submitted copy read the store once what this process accepted is written.
  setLiveDocumentSettler((documentName) => collab.whenDurable(documentName));

  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").startsWith("/collab/")) collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  log.info(`[collab] servidor de edición colaborativa en /collab${group.relay ? " (unido a los demás procesos por Redis)" : ""}`);
  let closed = false;
  return {
    server: collab,
    secret,
    status: (): "ok" | "error" => (closed ? "error" : "ok"),
    async close() {
      closed = true;
      setCollabRevalidator(undefined);
      setLiveDocumentSettler(undefined);
      try {
        await collab.close();
      } finally {
        await group.close();
      }
    },
  };
}
