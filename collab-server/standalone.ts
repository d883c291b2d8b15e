import http from "node:http";
import { openDatabase } from "../app/db/client.server";
import { createTokenAuthenticator } from "./auth";
import { loadStandaloneConfig } from "./config";
import { createHttpRoutes } from "./http-routes";
import { createJsonLogger } from "./logger";
import { createDatabaseStore } from "./persistence";
import { createCollabServer } from "./server";

/*
 * `npm run collab`: the collab server on its own port, for scale-out.
 *
 * Guarantees: identity comes only from tokens the app signed (no session
 * store here); `GET /healthz` and `POST /revoke` (see http-routes.ts);
 * SIGINT/SIGTERM stop accepting, store every document, close the database,
 * then exit (forced after 20 s). Meant for PostgreSQL: PGlite (DATA_DIR)
 * allows one process, so it only suits development and tests.
 */

async function main() {
  const config = loadStandaloneConfig();
  const logger = createJsonLogger(config.logLevel, "collab");
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const collab = createCollabServer({
    allowedOrigins: config.allowedOrigins,
    authenticate: createTokenAuthenticator({ secret: config.secret }),
    store: createDatabaseStore(database.db),
    limits: config.limits,
    storeTiming: config.storeTiming,
    // PGlite runs one statement at a time; PostgreSQL's pool can take a few.
    storeConcurrency: database.kind === "postgres" ? 4 : 1,
    trustProxy: config.trustProxy,
    logger,
  });

  const server = http.createServer(
    createHttpRoutes({ collab, secret: config.secret, ping: database.ping, databaseKind: database.kind, logger }),
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
    await database.close().catch((error: unknown) => logger.error("database close failed", { error }));
    logger.info("stopped", { exitCode });
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
