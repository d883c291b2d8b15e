import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";

/*
 * A fresh, migrated database per call. PGlite (default): migrate once per
 * worker, dump the data dir, and load the dump into each new in-memory
 * instance. PostgreSQL (TEST_DATABASE_URL): migrate a template database once,
 * then `CREATE DATABASE ... TEMPLATE` per call.
 */
let pgliteTemplate: Promise<Blob> | undefined;
let postgresTemplate: Promise<string> | undefined;

export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? createPostgresDatabase(url) : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<DatabaseHandle> {
  pgliteTemplate ??= (async () => {
    const template = await openDatabase({ memory: {} });
    const dump = await template.pglite!.dumpDataDir("none");
    await template.close();
    return dump;
  })();
  const dump = await pgliteTemplate;
  return openDatabase({ memory: { loadDataDir: dump }, migrate: false });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(url: string): Promise<DatabaseHandle> {
  postgresTemplate ??= (async () => {
    const name = `redomil_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
    await adminQuery(url, `create database ${name}`);
    const handle = await openDatabase({ databaseUrl: withDatabase(url, name) });
    await handle.close();
    return name;
  })();
  const template = await postgresTemplate;
  const name = `redomil_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(url, `create database ${name} template ${template}`);
  const handle = await openDatabase({ databaseUrl: withDatabase(url, name), migrate: false });
  const close = handle.close;
  handle.close = async () => {
    await close();
    await adminQuery(url, `drop database if exists ${name}`).catch(() => undefined);
  };
  return handle;
}
