import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type pg from "pg";
import * as schema from "./schema/index.ts";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.server.ts";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it (PGlite or node-postgres). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A drizzle transaction handle: pass it where a function must join the caller's transaction. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Transaction;

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; without it the embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files (`<dataDir>/pgdata`); ignored with databaseUrl. */
  dataDir?: string;
  /** In-memory PGlite (tests); `loadDataDir` seeds it from a dump. */
  memory?: { loadDataDir?: Blob | File };
  /** Apply pending migrations on open (the default). */
  migrate?: boolean;
}

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Runs a trivial query: used by /healthz. */
  ping(): Promise<void>;
  /** Flushes (CHECKPOINT on PGlite) and closes; releases the data-dir lock. */
  close(): Promise<void>;
  /** The raw PGlite instance (only for the embedded engine). */
  pglite?: PGlite;
  /** The node-postgres pool (only for PostgreSQL): for work that needs one dedicated connection. */
  pgPool?: pg.Pool;
}

/**
 * migrations/ at the project root: found upwards from this module, which runs from app/db/ (tests,
 * scripts) or bundled into build/index.js (the portal and `npm run collab`).
 */
export const MIGRATIONS_FOLDER = findUpwards(path.dirname(fileURLToPath(import.meta.url)), path.join("migrations", "meta", "_journal.json"), "migrations");

function findUpwards(from: string, marker: string, result: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, marker))) return path.join(dir, result);
    if (path.dirname(dir) === dir) return path.resolve(from, "..", "..", result);
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options);
  if (options.migrate !== false) await migrateDatabase(handle);
  return handle;
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: pgModule } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool: pg.Pool = new pgModule.Pool({ connectionString: url, max: 10 });
  const db = drizzle(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    pgPool: pool,
    ping: async () => {
      await pool.query("select 1");
    },
    close: async () => {
      await pool.end();
    },
  };
}

/*
 * PGlite's Postgres zeroes its whole buffer pool at start, inside the WASM heap: the default 128 MB
 * was ~130 MB of the portal's idle RSS. The data files sit in the OS page cache anyway (PGlite reads
 * real files), so a smaller pool costs little (measured in docs/decisions/0100).
 */
const PGLITE_CONF = ["shared_buffers = 32MB"];

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (options.memory) {
    client = await PGlite.create({ loadDataDir: options.memory.loadDataDir, postgresqlconf: PGLITE_CONF });
  } else {
    const dataDir = path.resolve(options.dataDir ?? "./data");
    // PGlite does not create parent directories.
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
    try {
      client = await PGlite.create({ dataDir: path.join(dataDir, "pgdata"), postgresqlconf: PGLITE_CONF });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    pglite: client,
    ping: async () => {
      await client.query("select 1");
    },
    close: async () => {
      try {
        if (!client.closed) {
          await client.query("CHECKPOINT");
          await client.close();
        }
      } finally {
        lock?.release();
      }
    },
  };
}

/*
 * Session advisory locks that serialize start-up work across every process on
 * one PostgreSQL database (portals, `npm run collab`, `npm run db:migrate`,
 * `npm run seed`). Two int4 keys: a separate key space from the one-bigint
 * locks taken elsewhere (`pg_advisory_xact_lock(hashtext(...))`).
 * docs/decisions/0071.
 */
const ADVISORY_LOCK_SPACE = 0x7265646f; // "redo"
export const STARTUP_LOCKS = { migrations: 1, seed: 2 } as const;

/**
 * Runs `fn` while holding a session advisory lock on one dedicated connection
 * (passed to `fn`), waiting for another process that holds it. PGlite: one
 * process per data dir, so `fn` just runs (without a connection).
 */
export async function withStartupLock<T>(
  handle: DatabaseHandle,
  lock: keyof typeof STARTUP_LOCKS,
  fn: (client: pg.PoolClient | undefined) => Promise<T>,
  log: Pick<Console, "info"> = console,
): Promise<T> {
  if (handle.kind === "pglite") return fn(undefined);
  if (!handle.pgPool) throw new Error("withStartupLock: PostgreSQL handle without its pool");
  const keys = [ADVISORY_LOCK_SPACE, STARTUP_LOCKS[lock]];
  const client = await handle.pgPool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1, $2) as ok", keys);
    if (!rows[0]?.ok) {
      log.info(`[db] otro proceso está ejecutando «${lock}»: esperando a que termine…`);
      await client.query("select pg_advisory_lock($1, $2)", keys);
    }
    try {
      return await fn(client);
    } finally {
      await client.query("select pg_advisory_unlock($1, $2)", keys).catch((error: Error) => {
        broken = error;
      });
    }
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A connection in an unknown state (failed query or unlock) is discarded, not reused.
    client.release(broken);
  }
}

/** Applies pending migrations; on PostgreSQL under the `migrations` lock, so processes can start together. */
export async function migrateDatabase(handle: DatabaseHandle, log: Pick<Console, "info"> = console): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  // The lock and the migration share one connection: if it drops, both end together.
  // Whoever waited finds the migrations applied and has nothing left to do.
  await withStartupLock(
    handle,
    "migrations",
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (client) => migrate(drizzle(client!, { schema }) as any, { migrationsFolder: MIGRATIONS_FOLDER }),
    log,
  );
}

/*
 * The process-wide database (one PGlite per process: it allows a single
 * connection), opened at startup. Ordinary module state: the server takes
 * app/ from the Remix build only, so there is one copy of this module.
 */
let processDatabase: DatabaseHandle | undefined;

export function setDatabase(handle: DatabaseHandle | undefined) {
  processDatabase = handle;
}

export function getDatabaseHandle(): DatabaseHandle {
  const handle = processDatabase;
  if (!handle) throw new Error("Database not opened: call openDatabase() and setDatabase() at startup");
  return handle;
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}

/** Counts arrive as numbers from PGlite and as strings from node-postgres. */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return Number(value);
  return 0;
}
