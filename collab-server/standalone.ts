import http from "node:http";
import { openDatabase, setDatabase } from "../app/db/client.server";
// The portal's access check over every feature's document kinds (also for POST /revalidate).
import { collabAccess } from "../app/features/features.server";
import { createLogger, setLogger } from "../app/utils/logger.server";
import { createTokenAuthenticator } from "./auth";
import { loadStandaloneConfig } from "./config";
import { createHttpRoutes } from "./http-routes";
import { createPinoCollabLogger } from "./logger";
import { resolveLimits } from "./limits";
import { createDatabaseStore } from "./persistence";
import { joinProcessGroup } from "./process-group";
import { createCollabServer, type AccessCheck } from "./server";

/*
 * `npm run collab` (`node server/start-collab.js`, which imports the Remix
 * build and calls `startStandaloneCollab`, exported by app/entry.server.tsx):
 * the collab server on its own port, for scale-out.
 *
 * Guarantees: identity comes only from tokens the app signed (no session
 * store here); `GET /healthz` and `POST /revalidate` (see http-routes.ts),
 * which re-checks live sockets with the portal's own access check
 * (`currentCollabAccess`, app/permissions/collab-access.server.ts);
 * SIGINT/SIGTERM stop accepting, store every document, close the database,
 * then exit (forced after 20 s). Meant for PostgreSQL: PGlite (DATA_DIR)
 * allows one process, so it only suits development and tests.
 */

export async function startStandaloneCollab() {
  const config = loadStandaloneConfig();
  const processLogger = createLogger({ level: config.logLevel });
  setLogger(processLogger);
  const logger = createPinoCollabLogger(processLogger);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // Stored-document hooks read it through the app's modules (getDb), as in the portal.
  setDatabase(database);
  const group = await joinProcessGroup({
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    databaseUrl: config.databaseUrl,
    maxMessageBytes: resolveLimits(config.limits).maxMessageBytes,
    logger,
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const accessCheck: AccessCheck = (connection) => collabAccess.current(database.db, connection.userId, connection.documentName);
  const collab = createCollabServer({
    relay: group.relay,
    journal: group.journal,
    accessCheck,
    allowedOrigins: config.allowedOrigins,
    authenticate: createTokenAuthenticator({ secret: config.secret }),
    store: createDatabaseStore(database.db),
    limits: config.limits,
    storeTiming: config.storeTiming,
    // PGlite runs one statement at a time; PostgreSQL's pool can take a few.
    storeConcurrency: database.kind === "postgres" ? 4 : 1,
    trustProxy: config.trustProxy,
    logger,
    // Derived text per section (search, exports, rules) after each store, as in the portal's own process.
    onStored: (documentName, doc) => collabAccess.runStoredHook(database.db, documentName, doc),
    // Documents stored in an older shape are upgraded on load, as in the portal's own process.
    upgrade: (documentName, doc) => collabAccess.runUpgrade(documentName, doc),
    // Submitted proposals, as in the portal's own process.
    isFrozen: (documentName) => collabAccess.isFrozen(database.db, documentName),
    onFrozen: (documentName) => collabAccess.runFrozenHook(database.db, documentName),
  });

  const server = http.createServer(
    createHttpRoutes({
      collab,
      secret: config.secret,
      accessCheck,
      ping: database.ping,
      databaseKind: database.kind,
      logger,
    }),
  );
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info("listening", { port, database: database.kind });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 20_000).unref();
    server.close();
    let exitCode = 0;
    try {
      await collab.close();
    } catch (error) {
      exitCode = 1;
      logger.error("documents not stored at shutdown", { error });
    }
    server.closeAllConnections();
    await group.close().catch((error: unknown) => logger.error("relay close failed", { error }));
    await database.close().catch((error: unknown) => logger.error("database close failed", { error }));
    logger.info("stopped", { exitCode });
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

