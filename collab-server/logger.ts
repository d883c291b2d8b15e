/*
 * The collab server's logger: structured events, one JSON line each.
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

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serializable(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return undefined;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

/** JSON lines on stdout (errors on stderr) at or above `minLevel`. */
export function createJsonLogger(minLevel: LogLevel = "info", component = "collab"): CollabLogger {
  const write = (level: LogLevel, event: string, fields?: LogFields) => {
    if (RANK[level] < RANK[minLevel]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, component, event, ...serializable(fields) });
    if (level === "error") console.error(line);
    else console.log(line);
  };
  return {
    debug: (event, fields) => write("debug", event, fields),
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
    isEnabled: (level) => RANK[level] >= RANK[minLevel],
  };
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
