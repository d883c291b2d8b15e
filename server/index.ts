import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, setDatabase, withStartupLock } from "~/db/client.server";
import { createFileMailer, createSmtpMailer, deliverPendingEmails } from "~/email/outbox.server";
import { loadEnv, setEnv, isTrue } from "~/env.server";
import { seedDemoData } from "~/features/seed/seed.server";
import { moveUploadsToDatabase } from "~/features/uploads/move-to-database.server";
import { backgroundJobs } from "~/jobs/all.server";
import { createJobLease, newHolderId } from "~/jobs/lease.server";
import { startSearch, stopSearch } from "./search.ts";
import { createApp, defaultPaths } from "./app.ts";
import { attachCollab } from "./collab.ts";
import { startWorker, type Worker } from "./workers.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
const log = console;

async function main() {
  const started = Date.now();
  const env = loadEnv();
  setEnv(env);
  const paths = defaultPaths(root);
  if (!fs.existsSync(paths.serverBuild)) {
    throw new Error("No hay build del portal: ejecute `npm run build` primero.");
  }

  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  setDatabase(database);
  log.info(`[db] ${database.kind === "pglite" ? `PGlite en ${path.join(env.dataDir, "pgdata")}` : "PostgreSQL"}: migraciones aplicadas`);

  if (env.SEED_DEMO === undefined || isTrue(env.SEED_DEMO)) {
    // Under a lock: portals started together on an empty PostgreSQL seed once.
    await withStartupLock(database, "seed", () => seedDemoData(database.db, { log, onlyIfEmpty: true }), log);
  }
  // Uploads from before decision 0072 move from this DATA_DIR into the database (idempotent, safe in parallel).
  await moveUploadsToDatabase(database.db, env.dataDir, log);

  // Search is optional: the portal starts without it and pages say so.
  await startSearch(env, log);

  const mailer = env.SMTP_URL ? await createSmtpMailer(env.SMTP_URL, env.MAIL_FROM) : createFileMailer(env.dataDir, env.MAIL_FROM, (m) => log.info(m));
  log.info(`[correo] envío por ${mailer.describe}`);
  // Exactly once across processes (docs/decisions/0071): mail claims rows, other jobs take a lease per pass.
  const holder = newHolderId();
  const workers: Worker[] = [startWorker("correo", 2000, (signal) => deliverPendingEmails(database.db, mailer, { holder, signal }), log)];
  for (const job of backgroundJobs) {
    const worker = startWorker(job.name, job.everyMs, job.run, log, createJobLease(database.db, job.name, holder, job.everyMs));
    workers.push(worker);
    if (job.runAtStart) void worker.runNow();
  }

  const build = (await import(pathToFileURL(paths.serverBuild).href)) as ServerBuild;
  const server = http.createServer();
  const collab = await attachCollab(server, env, log);
  const app = createApp({ build, buildDir: paths.buildDir, publicDir: paths.publicDir, version, collabStatus: collab.status });
  server.on("request", app);
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  log.info(`[portal] Red OMIL escuchando en http://localhost:${port} (${Date.now() - started} ms)`);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info(`[portal] ${signal}: cerrando…`);
    const force = setTimeout(() => {
      log.error("[portal] el cierre tardó demasiado; saliendo");
      process.exit(1);
    }, 20_000);
    force.unref();
    // Stop accepting, flush collaborative documents, finish background passes, then close engines.
    server.close();
    server.closeIdleConnections();
    await collab.close().catch((e: unknown) => log.error("[collab] cierre", e));
    for (const w of workers) await w.stop();
    await stopSearch(log);
    await database.close().catch((e) => log.error("[db] cierre", e));
    setDatabase(undefined);
    server.closeAllConnections();
    log.info("[portal] detenido");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  log.error(`[portal] no pudo iniciar: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
