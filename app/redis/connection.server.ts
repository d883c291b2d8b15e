import { Redis } from "ioredis";

/*
 * Redis connections for everything that crosses processes (live co-editing,
 * revocations). ioredis reconnects by itself with backoff; commands issued
 * while Redis is down fail fast instead of queueing without bound, so callers
 * decide what an outage means (the collab relay keeps editing local and
 * resyncs from the database when Redis is back).
 */

export interface RedisLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface RedisConnectOptions {
  /** Shown in Redis' CLIENT LIST and in our logs. */
  name: string;
  logger?: RedisLogger;
}

export function connectRedis(url: string, options: RedisConnectOptions): Redis {
  const redis = new Redis(url, {
    connectionName: `redomil-${options.name}`,
    // Fail commands at once while disconnected: the caller has a fallback, a queue would only hide the outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    lazyConnect: false,
  });
  let wasReady = false;
  redis.on("ready", () => {
    if (wasReady) options.logger?.info("redis reconnected", { connection: options.name });
    wasReady = true;
  });
  redis.on("error", (error: Error) => options.logger?.warn("redis error", { connection: options.name, error: error.message }));
  return redis;
}

/** Resolves once the connection is ready; rejects after `timeoutMs` (a misconfigured URL fails at boot, not later). */
export function whenRedisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis no respondió en ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}
