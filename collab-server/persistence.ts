import { sql } from "drizzle-orm";
import * as Y from "yjs";
import type { DbOrTx } from "../app/db/client.server";

/*
 * Where documents are stored: a compacted binary Yjs snapshot per document
 * (`collab_documents.state`, the truth) plus an append-only log of updates
 * since that snapshot (`collab_updates`).
 *
 * Guarantees: `load` reads snapshot and log in ONE statement (a consistent
 * view even if a compaction runs concurrently); `append` writes a whole batch
 * (many documents) in one transaction that also creates the document rows and
 * bumps `updated_at` — one commit per group commit instead of one per update
 * (one statement on PostgreSQL; on PGlite, which runs it on the main thread,
 * one call into the engine with statements prepared once); `compact`
 * MERGES, under the snapshot row's lock: stored snapshot + every log row it
 * reads + the caller's state become the new snapshot, and exactly the rows it
 * read are deleted. Several processes may hold the same document: none can
 * erase another's edits (a CRDT merge keeps both), and rows appended while it
 * runs survive for the next compaction.
 */

export interface StoredDocument {
  /** Snapshot first (if any), then log updates in order: apply them all. */
  updates: Uint8Array[];
  /** Ids of the log rows read, to pass to `compact` once their content is in a snapshot. */
  logIds: number[];
  /** Snapshot version (number of compactions so far). */
  version: number;
}

export interface AppendEntry {
  name: string;
  update: Uint8Array;
}

export interface DocumentStore {
  /** null when the document was never stored. */
  load(name: string): Promise<StoredDocument | null>;
  /** Appends updates (any documents, a name may repeat) atomically; returns their log ids in input order. */
  append(entries: AppendEntry[]): Promise<number[]>;
  /**
   * Folds the stored snapshot, the whole log and `state` into a new snapshot
   * under a lock; deletes only the log rows it folded. Returns the merged state
   * (what the document now holds in the store) and the new version.
   */
  compact(name: string, state: Uint8Array): Promise<CompactResult>;
}

export interface CompactResult {
  version: number;
  /** Everything the store holds for the document now (a superset of `state`). */
  merged: Uint8Array;
  /** Log rows folded and deleted. */
  foldedLogRows: number;
}

export interface DatabaseDocumentStore extends DocumentStore {
  /** Writes the JSON/text derived from a document (for search, listings and exports). */
  writeDerived(name: string, derived: unknown): Promise<void>;
}

const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

type Row = Record<string, unknown>;

/**
 * Applies every update to one document and encodes it: unlike Y.mergeUpdates,
 * this garbage-collects what was deleted, so snapshots do not grow with history.
 */
function mergeStates(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)));
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function rowsOf(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

/** bytea arrives as Uint8Array (PGlite) or Buffer (node-postgres): both are Uint8Array views. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`expected bytea, got ${typeof value}`);
}

/** node-postgres refuses plain Uint8Array for bytea in some paths: hand it a Buffer view. */
function toParam(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How often an append also creates/bumps the document row. */
const TOUCH_EVERY_MS = 5_000;

type RawQuery = (text: string, params: unknown[]) => Promise<{ rows: Row[] }>;
/** `$n` text and parameters; `name`: a prepared statement of that name (node-postgres, per connection). */
interface PgStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/** The driver under drizzle (PGlite or a node-postgres pool): both take `$n` text and parameters. */
function driverOf(db: DbOrTx): { query: RawQuery } & Partial<PgliteWire> {
  const client = (db as { $client?: { query?: RawQuery } & Partial<PgliteWire> }).$client;
  if (!client?.query) throw new Error("createDatabaseStore needs a database handle (not a transaction)");
  return client as { query: RawQuery } & Partial<PgliteWire>;
}

/** Appends a batch; returns the log ids in input order. `touch`: documents whose row is created or bumped too. */
type Appender = (entries: AppendEntry[], touch: string[]) => Promise<number[]>;

const TOUCH_SQL = `insert into collab_documents (name, state) values ($1, $2) on conflict (name) do update set updated_at = now()`;
const APPEND_SQL = `insert into collab_updates (name, "update") values ($1, $2) returning id`;

/**
 * node-postgres: one statement per group commit (the touch as a CTE), so a batch is one round
 * trip and one commit. Small batches (the usual case: one update, no touch) use a named statement
 * per shape, which each pooled connection parses and plans once instead of on every keystroke.
 */
function postgresAppender(query: (statement: PgStatement) => Promise<{ rows: Row[] }>): Appender {
  return async (entries, touch) => {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const values = entries.map((entry) => `(${param(entry.name)}, ${param(toParam(entry.update))})`).join(", ");
    let text = `insert into collab_updates (name, "update") values ${values} returning id, name`;
    if (touch.length > 0) {
      const touched = touch.map((name) => `(${param(name)})`).join(", ");
      text = `with ensured as (
          insert into collab_documents (name, state)
          select name, ${param(toParam(EMPTY_STATE))} from (values ${touched}) as touched(name)
          on conflict (name) do update set updated_at = now()
        ) ${text}`;
    }
    // The text is fixed by the shape (entries, touched): one name per shape, at most 81 per connection.
    const name = entries.length <= 8 && touch.length <= 8 ? `collab_append_${entries.length}_${touch.length}` : undefined;
    let result: { rows: Row[] };
    try {
      result = await query({ name, text, values: params });
    } catch (error) {
      // Someone deallocated the statements of that connection (the driver still thinks it is
      // prepared): nothing was stored, send it unnamed.
      if (!name || (error as { code?: string }).code !== "26000") throw error;
      result = await query({ text, values: params });
    }
    // Ids grow in insertion order; hand each document its ids in the order its entries came.
    const idsByName = new Map<string, number[]>();
    for (const row of rowsOf(result).sort((a, b) => Number(a.id) - Number(b.id))) {
      const name = String(row.name);
      idsByName.set(name, [...(idsByName.get(name) ?? []), Number(row.id)]);
    }
    return entries.map((entry) => idsByName.get(entry.name)!.shift()!);
  };
}

/** What the PGlite fast path uses (0.5): the wire protocol, behind the same locks as PGlite's own query(). */
interface PgliteWire {
  execProtocol(message: Uint8Array): Promise<{ messages: { name: string; fields?: (string | null)[] }[] }>;
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(operation: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(operation: () => Promise<T>): Promise<T>;
}

function isPgliteWire(client: Partial<PgliteWire>): client is PgliteWire {
  return (
    typeof client.execProtocol === "function" &&
    typeof client._checkReady === "function" &&
    typeof client._runExclusiveTransaction === "function" &&
    typeof client._runExclusiveQuery === "function"
  );
}

/** Named statements already prepared in a PGlite session (one session per instance, shared by every store on it). */
const preparedOn = new WeakMap<object, boolean>();
const PGLITE_APPEND = "redomil_collab_append_v1";
const PGLITE_TOUCH = "redomil_collab_touch_v1";
const TEXT_OID = 25;
const BYTEA_OID = 17;

/*
 * The few frontend messages of PostgreSQL's extended protocol the fast path sends, written straight
 * into one buffer (a generic serializer copies each value twice; this runs on every keystroke).
 */
const EXECUTE = Buffer.from([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0]); // Execute: unnamed portal, no row limit
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

/** Parse: a named statement with its parameter types. */
function parseMessage(name: string, text: string, types: number[]): Buffer {
  const nameBytes = Buffer.byteLength(name);
  const textBytes = Buffer.byteLength(text);
  const message = Buffer.alloc(1 + 4 + nameBytes + 1 + textBytes + 1 + 2 + 4 * types.length);
  let at = message.writeUInt8(0x50, 0);
  at = message.writeInt32BE(message.length - 1, at);
  at += message.write(name, at) + 1;
  at += message.write(text, at) + 1;
  at = message.writeInt16BE(types.length, at);
  for (const type of types) at = message.writeInt32BE(type, at);
  return message;
}

/** Bind of (text, binary bytea) to a named statement, unnamed portal, results as text; then Execute. */
function bindExecuteSize(statement: string, text: string, bytes: Uint8Array): number {
  return 1 + 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 4 + 2 + 4 + Buffer.byteLength(text) + 4 + bytes.byteLength + 2 + EXECUTE.length;
}

function writeBindExecute(target: Buffer, at: number, statement: string, text: string, bytes: Uint8Array): number {
  const start = at;
  at = target.writeUInt8(0x42, at);
  const lengthAt = at;
  at += 4;
  at = target.writeUInt8(0, at); // portal ""
  at += target.write(statement, at);
  at = target.writeUInt8(0, at);
  at = target.writeInt16BE(2, at); // parameter formats: text, binary
  at = target.writeInt16BE(0, at);
  at = target.writeInt16BE(1, at);
  at = target.writeInt16BE(2, at); // parameters
  const textLength = Buffer.byteLength(text);
  at = target.writeInt32BE(textLength, at);
  at += target.write(text, at);
  at = target.writeInt32BE(bytes.byteLength, at);
  target.set(bytes, at);
  at += bytes.byteLength;
  at = target.writeInt16BE(0, at); // result formats: all text
  target.writeInt32BE(at - start - 1, lengthAt);
  return at + EXECUTE.copy(target, at);
}

/**
 * PGlite: PGlite's query() costs six calls into the WASM engine per statement (parse, describe,
 * bind, describe, execute, sync) and re-plans it every time. Here a whole group commit is ONE
 * call: two statements prepared once per session, then per document touched a Bind/Execute of
 * the touch and per update a Bind/Execute of the insert (the update as binary), then Sync. In the
 * extended protocol everything before Sync is one implicit transaction: the batch commits as a
 * whole or not at all, as the single statement did before. Taken under PGlite's own locks, so it
 * never runs inside someone else's transaction (decision 0070 has the figures).
 */
function pgliteAppender(client: PgliteWire): Appender {
  const send = async (entries: AppendEntry[], touch: string[], prepare: boolean) => {
    const prepared = prepare
      ? [parseMessage(PGLITE_TOUCH, TOUCH_SQL, [TEXT_OID, BYTEA_OID]), parseMessage(PGLITE_APPEND, APPEND_SQL, [TEXT_OID, BYTEA_OID])]
      : [];
    let size = prepared.reduce((sum, message) => sum + message.length, 0) + SYNC.length;
    for (const name of touch) size += bindExecuteSize(PGLITE_TOUCH, name, EMPTY_STATE);
    for (const entry of entries) size += bindExecuteSize(PGLITE_APPEND, entry.name, entry.update);
    const message = Buffer.allocUnsafe(size);
    let at = 0;
    for (const part of prepared) at += part.copy(message, at);
    for (const name of touch) at = writeBindExecute(message, at, PGLITE_TOUCH, name, EMPTY_STATE);
    for (const entry of entries) at = writeBindExecute(message, at, PGLITE_APPEND, entry.name, entry.update);
    at += SYNC.copy(message, at);
    if (at !== size) throw new Error(`collab append: encoded ${at} of ${size} bytes`);
    await client._checkReady();
    const { messages } = await client._runExclusiveTransaction(() => client._runExclusiveQuery(() => client.execProtocol(message)));
    const ids: number[] = [];
    for (const reply of messages) if (reply.name === "dataRow") ids.push(Number(reply.fields?.[0]));
    if (ids.length !== entries.length || ids.some((id) => !Number.isSafeInteger(id))) {
      throw new Error(`collab append: ${ids.length} ids for ${entries.length} updates`);
    }
    return ids;
  };
  return async (entries, touch) => {
    const prepared = preparedOn.get(client) === true;
    try {
      const ids = await send(entries, touch, !prepared);
      preparedOn.set(client, true);
      return ids;
    } catch (error) {
      // The session lost our statements (DEALLOCATE ALL), or another module instance prepared them
      // (a reload): the failed batch was rolled back whole; send it again once, knowing better.
      const code = (error as { code?: string }).code;
      if (code === "26000" && prepared) {
        preparedOn.delete(client);
        const ids = await send(entries, touch, true);
        preparedOn.set(client, true);
        return ids;
      }
      if (code === "42P05" && !prepared) {
        preparedOn.set(client, true);
        return send(entries, touch, false);
      }
      throw error;
    }
  };
}

export function createDatabaseStore(db: DbOrTx): DatabaseDocumentStore {
  const lastTouched = new Map<string, number>();
  const driver = driverOf(db);
  const appender: Appender = isPgliteWire(driver)
    ? pgliteAppender(driver)
    : typeof driver.execProtocol === "function"
      ? // A PGlite without the entry points above (another version): its plain query().
        postgresAppender((statement) => driver.query(statement.text, statement.values))
      : // node-postgres takes a query config: with a name, each connection prepares the statement once.
        postgresAppender((statement) => (driver as unknown as { query(config: PgStatement): Promise<{ rows: Row[] }> }).query(statement));
  return {
    async load(name) {
      const result = await db.execute(sql`
        select 0 as part, 0::bigint as id, state as data, version from collab_documents where name = ${name}
        union all
        select 1 as part, id, "update" as data, 0 as version from collab_updates where name = ${name}
        order by part, id`);
      const rows = rowsOf(result);
      if (rows.length === 0) return null;
      const stored: StoredDocument = { updates: [], logIds: [], version: 0 };
      for (const row of rows) {
        stored.updates.push(toBytes(row.data));
        if (Number(row.part) === 0) stored.version = Number(row.version);
        else stored.logIds.push(Number(row.id));
      }
      return stored;
    },

    async append(entries) {
      if (entries.length === 0) return [];
      // The hot path (every group commit) goes straight to the driver, not through drizzle's
      // sql builder (~0.8 ms of CPU per insert on PGlite; see decision 0070).
      // Creating the document row and bumping `updated_at` (what the stale-content job watches)
      // rewrites that row: once per document every TOUCH_EVERY_MS is enough.
      const now = Date.now();
      const touch = [...new Set(entries.map((entry) => entry.name))].filter((name) => now - (lastTouched.get(name) ?? 0) >= TOUCH_EVERY_MS);
      const ids = await appender(entries, touch);
      touch.forEach((name) => lastTouched.set(name, now));
      if (lastTouched.size > 10_000) {
        for (const [name, at] of lastTouched) if (now - at >= TOUCH_EVERY_MS) lastTouched.delete(name);
      }
      return ids;
    },

    async compact(name, state) {
      return db.transaction(async (tx) => {
        // Creating the row first gives every compaction of this document one row to lock on.
        await tx.execute(sql`
          insert into collab_documents (name, state) values (${name}, ${toParam(EMPTY_STATE)})
          on conflict (name) do nothing`);
        const stored = rowsOf(await tx.execute(sql`
          select state, version from collab_documents where name = ${name} for update`))[0];
        const log = rowsOf(await tx.execute(sql`
          select id, "update" from collab_updates where name = ${name} order by id`));
        const merged = mergeStates([toBytes(stored.state), ...log.map((row) => toBytes(row.update)), state]);
        const ids = `{${log.map((row) => Math.trunc(Number(row.id))).join(",")}}`;
        if (log.length > 0) await tx.execute(sql`delete from collab_updates where name = ${name} and id = any(${ids}::bigint[])`);
        const result = await tx.execute(sql`
          update collab_documents set state = ${toParam(merged)}, version = version + 1, updated_at = now()
          where name = ${name} returning version`);
        return { version: Number(rowsOf(result)[0].version), merged, foldedLogRows: log.length };
      });
    },

    async writeDerived(name, derived) {
      await db.execute(sql`
        update collab_documents set derived = ${JSON.stringify(derived)} where name = ${name}`);
    },
  };
}
