import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, setDatabase, withStartupLock } from "~/db/client.server";
import { createFileMailer, createSmtpMailer, deliverPendingEmails, domainOf } from "~/email/outbox.server";
import { loadEnv, setEnv, isTrue } from "~/env.server";
import { backgroundJobs } from "~/features/features.server";
import { seedDemoData } from "~/features/seed/seed.server";
import { territoryJobs } from "~/features/territory/jobs.server";
import { moveUploadsToDatabase } from "~/features/uploads/move-to-database.server";
import { createJobLease, newHolderId } from "~/jobs/lease.server";
import { createLogger, setLogger } from "~/utils/logger.server";
import { startSearch, stopSearch } from "./search.ts";
import { createApp, defaultPaths } from "./app.ts";
import { attachCollab } from "./collab.ts";
import { startWorker, type Worker } from "./workers.ts";

const START_JOBS_DELAY_MS = 1_000;

export interface StartPortalOptions {
  /** The Remix build this module was bundled into (server/start.js imports it and passes it back). */
  build: ServerBuild;
  /** The project root (package.json, public/, content/, migrations/). */
  root: string;
}

/**
 * The portal process, bundled into the Remix build (exported by
 * app/entry.server.tsx) so that it and every route share one copy of app/:
 * `npm start` is `node server/start.js`, which imports build/index.js and
 * calls this (docs/decisions/0100-one-module-graph-and-production-server.md).
 */
export async function startPortal({ build, root }: StartPortalOptions) {
  const started = Date.now();
  // Milliseconds since process start at each step of the boot, logged with "escuchando" (bench:startup reads them).
  const phases: Record<string, number> = { buildLoaded: Math.round(performance.now()) };
  const mark = (phase: string) => (phases[phase] = Math.round(performance.now()));
  const env = loadEnv();
  setEnv(env);
  const logger = createLogger({ level: env.LOG_LEVEL });
  setLogger(logger);
  const log = logger.child({ component: "portal" });
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
  const paths = defaultPaths(root);

  // The port first: a port in use must stop the start before the data dir is locked, the demo is
  // seeded or its one-time passwords are printed. Until the app is ready, requests get a 503.
  const server = http.createServer((_req, res) => {
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "2", "cache-control": "no-store" });
    res.end("Red OMIL está iniciando; intenta de nuevo en unos segundos.");
  });
  await listenOrExplain(server, env.PORT, env.HOST);
  mark("port");

  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  setDatabase(database);
  mark("database");
  log.info(`[db] ${database.kind === "pglite" ? `PGlite en ${path.join(env.dataDir, "pgdata")}` : "PostgreSQL"}: migraciones aplicadas`);

  if (env.SEED_DEMO === undefined || isTrue(env.SEED_DEMO)) {
    // Under a lock: portals started together on an empty PostgreSQL seed once.
    await withStartupLock(database, "seed", () => seedDemoData(database.db, { log, onlyIfEmpty: true }), log);
  }
  // Uploads from before decision 0072 move from this DATA_DIR into the database (idempotent, safe in parallel).
  await moveUploadsToDatabase(database.db, env.dataDir, log);
  mark("seedAndUploads");

  const jobLog = logger.child({ component: "jobs" });

  // Search is optional: the portal starts without it and pages say so. The embedded engine starts in
  // the background and is supervised (restarted with backoff if it exits); the jobs that feed it run
  // as soon as it answers, and again each time it comes back.
  const jobs = [...territoryJobs, ...backgroundJobs];
  const searchJobs: { job: (typeof jobs)[number]; worker: Worker }[] = [];
  await startSearch(env, logger.child({ component: "search" }), {
    async onAvailable() {
      for (const { job, worker } of searchJobs) {
        await job.searchReturned!().catch((error: unknown) => jobLog.error({ err: error, job: job.name }, `[${job.name}] no se pudo preparar la puesta al día`));
        void worker.runNow();
      }
    },
  });
  mark("search");

  const portalDomain = domainOf(env.baseUrl);
  const mailer = env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM, portalDomain) : createFileMailer(env.dataDir, env.MAIL_FROM, portalDomain, (m) => log.info(m));
  log.info(`[correo] envío por ${mailer.describe}`);
  // Exactly once across processes (docs/decisions/0071): mail claims rows, other jobs take a lease per pass.
  const holder = newHolderId();
  const workers: Worker[] = [startWorker("correo", 2000, (signal) => deliverPendingEmails(database.db, mailer, { holder, signal }), jobLog)];
  const startJobs: Worker[] = [];
  for (const job of jobs) {
    const worker = startWorker(job.name, job.everyMs, job.run, jobLog, createJobLease(database.db, job.name, holder, job.everyMs));
    workers.push(worker);
    if (job.searchReturned) searchJobs.push({ job, worker });
    if (job.runAtStart) startJobs.push(worker);
  }

  const collab = await attachCollab(server, env, logger);
  const app = createApp({ build, buildDir: paths.buildDir, publicDir: paths.publicDir, version, collabStatus: collab.status, logger });
  server.removeAllListeners("request");
  server.on("request", app);
  server.keepAliveTimeout = 65_000;
  mark("collab");

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  mark("listening");
  log.info({ port, startupMs: Date.now() - started, phases }, `[portal] Red OMIL escuchando en http://localhost:${port} (${Date.now() - started} ms)`);
  // Start-up passes wait a moment: the first pages must not queue behind them (PGlite runs one statement at a time).
  setTimeout(() => startJobs.forEach((worker) => void worker.runNow()), START_JOBS_DELAY_MS).unref();

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
    await collab.close().catch((e: unknown) => log.error({ err: e }, "[collab] cierre"));
    for (const w of workers) await w.stop();
    await stopSearch(log);
    await database.close().catch((e: unknown) => log.error({ err: e }, "[db] cierre"));
    setDatabase(undefined);
    server.closeAllConnections();
    log.info("[portal] detenido");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/** Listens, or fails with a Spanish message when the port is taken or not allowed. */
function listenOrExplain(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") reject(new Error(`El puerto ${port} ya está en uso en ${host}: detén el otro proceso o define otro PORT.`));
      else if (error.code === "EACCES") reject(new Error(`No hay permiso para escuchar en el puerto ${port}: use un PORT mayor que 1023.`));
      else reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}
