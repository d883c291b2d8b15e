import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import * as Y from "yjs";
import type { CollabLogger } from "./logger";
import type { AppendEntry } from "./persistence";

/*
 * With Redis, the first durable copy of an edit: one Redis stream per
 * document (the journal), written in the same round trip that publishes the
 * edit to the other processes (a Lua script: XADD, then PUBLISH — if the
 * XADD fails nothing is published). The database log follows a few
 * milliseconds later, group-committed off the relay path
 * (store-scheduler.ts), and then the entries are deleted here. Why
 * (decision 0070, session 7 update): a PostgreSQL commit waits for the WAL
 * flush and for a CPU; the XADD is one Redis call, so co-authors on other
 * processes see an edit sooner while a `kill -9` of this process still loses
 * nothing they saw.
 *
 * Guarantees:
 * - `append` resolves only once the entry is in the stream, and the
 *   published message left Redis after it;
 * - an entry is deleted only by the process that stored it in the database
 *   (or covered it by a snapshot), or by the sweeper once it stored it;
 * - `read` returns every entry still in the stream: a process loading a
 *   document reads the journal BEFORE the database (an entry deleted in
 *   between was stored before it was deleted, so the database read has it);
 * - the sweeper (one process at a time, under a Redis lock) stores entries
 *   older than `ageMs` whose writer did not (it died, or its database write
 *   keeps failing) and deletes them; storing twice is harmless (Yjs applies
 *   an update once), losing one is not.
 */

export interface JournalEntry {
  id: string;
  update: Uint8Array;
}

export interface DocumentJournal {
  /** False while Redis does not answer: writers fall back to the database. */
  readonly available: boolean;
  /** Entries above this go straight to the database (and are not published either). */
  readonly maxEntryBytes: number;
  /** Writes the update to the document's journal and publishes it to the other processes; resolves with the entry id. */
  append(documentName: string, update: Uint8Array): Promise<string>;
  /** Every entry still in the document's journal, oldest first. */
  read(documentName: string): Promise<JournalEntry[]>;
  /** Forgets entries that are now in the database (coalesced per turn; a failure only leaves work for the sweeper). */
  remove(documentName: string, ids: string[]): void;
  /** Stores (through `store`) and deletes the entries older than `ageMs`; returns how many. Skips if another process is sweeping. */
  sweep(store: (entries: AppendEntry[]) => Promise<unknown>, ageMs: number): Promise<number>;
}

/** How a published update is framed for the relay (redis-relay.ts). */
export interface PublishFraming {
  channel: string;
  header: Uint8Array;
}

export interface RedisJournalOptions {
  redis: Redis;
  prefix: string;
  maxEntryBytes: number;
  framing(documentName: string): PublishFraming;
  logger: CollabLogger;
}

const APPEND_SCRIPT = `
local id = redis.call('XADD', KEYS[1], '*', 'u', ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4] .. ARGV[1])
return id`;

/** An emptied stream and its name in the set of journals go together, atomically (an XADD may come in between otherwise). */
const FORGET_IF_EMPTY_SCRIPT = `
if redis.call('XLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[1])
end
return 0`;

const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const SWEEP_BATCH = 500;

interface JournalCommands {
  journalAppend(stream: string, documents: string, update: Buffer, name: string, channel: string, header: Buffer): Promise<string>;
  journalForgetIfEmpty(stream: string, documents: string, name: string): Promise<number>;
  journalReleaseLock(lock: string, token: string): Promise<number>;
}

/** ioredis sends a Buffer as bytes but a plain Uint8Array as its decimal text ("5,6,7"): wrap, without copying. */
const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** A Yjs update that decodes: anything else in a journal (written by something other than us) must reach no document and no database. */
function decodes(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

/** Stream entries as written by APPEND_SCRIPT (one field "u" holding an update); anything else is left out. */
function toEntries(raw: [Buffer, Buffer[]][]): JournalEntry[] {
  return raw.flatMap(([id, fields]) => {
    const update = fields[0]?.toString() === "u" && fields[1] ? new Uint8Array(fields[1]) : null;
    return update && decodes(update) ? [{ id: id.toString(), update }] : [];
  });
}

export function createRedisJournal(options: RedisJournalOptions): DocumentJournal {
  const redis = options.redis as Redis & JournalCommands;
  redis.defineCommand("journalAppend", { numberOfKeys: 2, lua: APPEND_SCRIPT });
  redis.defineCommand("journalForgetIfEmpty", { numberOfKeys: 2, lua: FORGET_IF_EMPTY_SCRIPT });
  redis.defineCommand("journalReleaseLock", { numberOfKeys: 1, lua: RELEASE_LOCK_SCRIPT });
  const streamKey = (name: string) => `${options.prefix}collab:journal:${name}`;
  const documentsKey = `${options.prefix}collab:journals`;
  const lockKey = `${options.prefix}collab:journal-sweeper`;
  const removals = new Map<string, string[]>();
  let removalScheduled = false;

  const flushRemovals = () => {
    removalScheduled = false;
    const batch = [...removals];
    removals.clear();
    const pipeline = redis.pipeline();
    for (const [name, ids] of batch) pipeline.xdel(streamKey(name), ...ids);
    pipeline.exec().catch((error: unknown) => options.logger.debug("journal removal failed; the sweeper will redo it", { error }));
  };

  return {
    get available() {
      return redis.status === "ready";
    },
    maxEntryBytes: options.maxEntryBytes,

    append(documentName, update) {
      const { channel, header } = options.framing(documentName);
      return redis.journalAppend(streamKey(documentName), documentsKey, asBuffer(update), documentName, channel, asBuffer(header));
    },

    async read(documentName) {
      const raw = await redis.xrangeBuffer(streamKey(documentName), "-", "+");
      const entries = toEntries(raw);
      if (entries.length < raw.length) options.logger.warn("journal entries dropped: not an update", { document: documentName, entries: raw.length - entries.length });
      return entries;
    },

    remove(documentName, ids) {
      if (ids.length === 0) return;
      removals.set(documentName, [...(removals.get(documentName) ?? []), ...ids]);
      if (!removalScheduled) {
        removalScheduled = true;
        setImmediate(flushRemovals);
      }
    },

    async sweep(store, ageMs) {
      const token = randomBytes(8).toString("hex");
      if ((await redis.set(lockKey, token, "PX", 60_000, "NX")) !== "OK") return 0;
      let swept = 0;
      try {
        const [seconds, micros] = await redis.time();
        const cutoff = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - ageMs;
        for (const name of await redis.smembers(documentsKey)) {
          for (;;) {
            const old = await redis.xrangeBuffer(streamKey(name), "-", String(cutoff), "COUNT", SWEEP_BATCH);
            const entries = toEntries(old);
            if (entries.length > 0) await store(entries.map((entry) => ({ name, update: entry.update })));
            if (old.length > 0) await redis.xdel(streamKey(name), ...old.map(([id]) => id.toString()));
            swept += entries.length;
            if (entries.length < old.length) options.logger.warn("journal entries dropped: not an update", { document: name, entries: old.length - entries.length });
            if (old.length < SWEEP_BATCH) break;
          }
          await redis.journalForgetIfEmpty(streamKey(name), documentsKey, name);
        }
      } finally {
        await redis.journalReleaseLock(lockKey, token).catch(() => undefined);
      }
      if (swept > 0) options.logger.warn("journal entries stored by the sweeper", { entries: swept });
      return swept;
    },
  };
}

/** Sweeps every `everyMs` (jittered, so processes rarely collide on the lock); returns a stop function. */
export function startJournalSweeper(options: {
  journal: DocumentJournal;
  store: (entries: AppendEntry[]) => Promise<unknown>;
  everyMs: number;
  ageMs: number;
  logger: CollabLogger;
}): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = () => {
    if (stopped) return;
    timer = setTimeout(run, options.everyMs * (0.75 + Math.random() / 2));
    timer.unref();
  };
  const run = () => {
    if (!options.journal.available) return next();
    options.journal
      .sweep(options.store, options.ageMs)
      .catch((error: unknown) => options.logger.warn("journal sweep failed", { error }))
      .finally(next);
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
