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
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

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
    ping: async () => {
      await pool.query("select 1");
    },
    close: async () => {
      await pool.end();
    },
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (options.memory) {
    client = await PGlite.create({ loadDataDir: options.memory.loadDataDir });
  } else {
    const dataDir = path.resolve(options.dataDir ?? "./data");
    // PGlite does not create parent directories.
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
    try {
      client = await PGlite.create({ dataDir: path.join(dataDir, "pgdata") });
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

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/*
 * The process-wide database. The server entry opens it before loading the Remix
 * build; the build holds its own copy of this module, so the handle lives on
 * globalThis (one PGlite per process: it allows a single connection).
 */
const holder = globalThis as typeof globalThis & { __redOmilDb?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined) {
  holder.__redOmilDb = handle;
}

export function getDatabaseHandle(): DatabaseHandle {
  const handle = holder.__redOmilDb;
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
