import type { Redis } from "ioredis";
import { connectRedis, whenRedisReady } from "../app/redis/connection.server";
import type { CollabLogger } from "./logger";
import { createRedisJournal, type DocumentJournal } from "./redis-journal";
import { createRedisRelay, type DocumentRelay } from "./redis-relay";
import { claimCollabServing, type SoleServerClaim } from "./sole-server-guard";

/*
 * How a collab-serving process (a portal, or `npm run collab`) joins the
 * others: with REDIS_URL through a Redis relay (any number of processes), and
 * without it as the only collab-serving process on its database (refused
 * otherwise, see sole-server-guard.ts). PGlite is single-process by its own
 * data-dir lock, so it needs neither.
 */

export interface ProcessGroupOptions {
  redisUrl?: string;
  /** Channel prefix: processes that must see each other share it. */
  redisPrefix: string;
  /** PostgreSQL URL; undefined on PGlite. */
  databaseUrl?: string;
  maxMessageBytes: number;
  logger: CollabLogger;
}

export interface ProcessGroup {
  relay?: DocumentRelay;
  /** Redis streams that hold each edit until the database has it (see redis-journal.ts). */
  journal?: DocumentJournal;
  close(): Promise<void>;
}

export async function joinProcessGroup(options: ProcessGroupOptions): Promise<ProcessGroup> {
  let claim: SoleServerClaim | undefined;
  if (options.databaseUrl) claim = await claimCollabServing(options.databaseUrl, options.redisUrl ? "shared" : "sole");
  if (!options.redisUrl) return { close: async () => claim?.release() };

  const publisher = connectRedis(options.redisUrl, { name: "collab-pub", logger: options.logger });
  const subscriber = connectRedis(options.redisUrl, { name: "collab-sub", logger: options.logger });
  try {
    await Promise.all([whenRedisReady(publisher), whenRedisReady(subscriber)]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    await claim?.release();
    throw new Error(`No se pudo conectar a Redis (REDIS_URL): ${error instanceof Error ? error.message : String(error)}`);
  }
  const { relay, journal } = linkProcesses({ publisher, subscriber, prefix: options.redisPrefix, maxMessageBytes: options.maxMessageBytes, logger: options.logger });
  return {
    relay,
    journal,
    async close() {
      await relay.close();
      await claim?.release();
    },
  };
}

/** The relay (news between processes) and the journal (first durable copy, published by the same script) on two Redis connections. */
export function linkProcesses(options: { publisher: Redis; subscriber: Redis; prefix: string; maxMessageBytes: number; logger: CollabLogger }) {
  const relay = createRedisRelay(options);
  const journal = createRedisJournal({
    redis: options.publisher,
    prefix: options.prefix,
    maxEntryBytes: options.maxMessageBytes,
    framing: (name) => relay.updateFraming(name),
    logger: options.logger,
  });
  return { relay, journal };
}
