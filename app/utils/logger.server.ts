import { pino, type DestinationStream, type Logger } from "pino";

/*
 * The process logger (pino, one JSON line per event on stdout). The portal,
 * `npm run collab`, background jobs and scripts all log through it; LOG_LEVEL
 * picks the threshold (validated with the rest of the environment at boot).
 * Ordinary module state: each process loads app/ once (the server takes it
 * from the Remix build, docs/decisions/0100-one-module-graph.md).
 */
export type { Logger };
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** What most code needs of a logger: pino's methods (`log.error({ err }, "mensaje")`). */
export type Log = Pick<Logger, "info" | "warn" | "error">;

export function isLogLevel(value: string | undefined): value is LogLevelName {
  return (LOG_LEVELS as readonly string[]).includes(value ?? "");
}

export function createLogger(options: { level?: LogLevelName; destination?: DestinationStream; base?: Record<string, unknown> } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: options.base ?? { pid: process.pid },
      // Never log credentials, even if a caller passes a request or headers by mistake.
      redact: { paths: ["cookie", "authorization", "token", "password", "*.cookie", "*.authorization", "*.token", "*.password", "headers.cookie", "headers.authorization"], censor: "[oculto]" },
    },
    options.destination,
  );
}

let current: Logger | undefined;

/** The process logger; until `setLogger`, one at LOG_LEVEL (if valid) or "info". */
export function getLogger(): Logger {
  current ??= createLogger({ level: isLogLevel(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "info" });
  return current;
}

export function setLogger(logger: Logger | undefined): void {
  current = logger;
}

/** A logger with fixed fields (`component: "portal"`), resolved now from the process logger. */
export function componentLogger(component: string): Logger {
  return getLogger().child({ component });
}
