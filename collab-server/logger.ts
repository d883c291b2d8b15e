import { createLogger, type Logger as PinoLogger } from "../app/utils/logger.server.ts";

/*
 * The collab server's logger: structured events, one JSON line each (pino).
 *
 * Guarantee: client misbehaviour (bad messages, refusals) logs at warn/info;
 * only server faults (store failures, hook errors) log at error, so alerts on
 * error lines mean something is wrong with us, not with a browser.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface CollabLogger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** False when events of this level are dropped: callers skip computing costly fields. Absent: assume enabled. */
  isEnabled?(level: LogLevel): boolean;
}

const PINO_LEVEL: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/** Errors become `{ name, message }` (pino's own serializer would add the stack: kept under `err` only). */
function serializable(fields: LogFields | undefined): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

/**
 * A CollabLogger on pino: one JSON line per event with `event` (also the
 * message) and the fields, at the pino logger's level (LOG_LEVEL). The portal
 * passes its process logger; `npm run collab` its own.
 */
export function createPinoCollabLogger(logger: PinoLogger, component = "collab"): CollabLogger {
  const child = logger.child({ component });
  const write = (level: LogLevel) => (event: string, fields?: LogFields) => {
    if (child.isLevelEnabled(level)) child[level]({ event, ...serializable(fields) }, event);
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    isEnabled: (level) => child.levelVal <= PINO_LEVEL[level],
  };
}

/** JSON lines on stdout at or above `minLevel` (pino), for code without a process logger at hand. */
export function createJsonLogger(minLevel: LogLevel = "info", component = "collab"): CollabLogger {
  return createPinoCollabLogger(createLogger({ level: minLevel }), component);
}

export const silentLogger: CollabLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function parseLogLevel(value: string | undefined, fallback: LogLevel = "info"): LogLevel {
  return value === "debug" || value === "info" || value === "warn" || value === "error" ? value : fallback;
}
