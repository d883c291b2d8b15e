import { z } from "zod";
import { processSettings, splitList } from "../app/env.server";
import { compileTrustedProxies, type ProxyTrust } from "../app/utils/client-address.server";
import type { CollabLimits } from "./limits";
import { LOG_LEVELS, type LogLevelName } from "../app/utils/logger.server";
import type { StoreTiming } from "./store-scheduler";

/*
 * The standalone collab server's environment, validated at boot.
 *
 * Guarantee: the process refuses to start (with every problem listed) on a
 * missing or short secret, an empty origin allowlist, or no database; it never
 * runs half-configured.
 */

const optionalInt = z.coerce.number().int().positive().optional();

const EnvSchema = z
  .object({
    COLLAB_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).optional(),
    COLLAB_HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).optional(),
    COLLAB_SECRET: z.string().min(32, "COLLAB_SECRET debe tener al menos 32 caracteres"),
    COLLAB_ALLOWED_ORIGINS: z.string().min(1, "COLLAB_ALLOWED_ORIGINS es obligatorio (lista separada por comas)"),
    ...processSettings,
    /** Replaced by TRUSTED_PROXIES: trusting every peer let anyone choose their address. */
    COLLAB_TRUST_PROXY: z
      .string()
      .optional()
      .refine((value) => value === undefined, "COLLAB_TRUST_PROXY ya no existe: indica en TRUSTED_PROXIES las direcciones de tus proxies"),
    LOG_LEVEL: z.enum(LOG_LEVELS, { errorMap: () => ({ message: `LOG_LEVEL debe ser uno de: ${LOG_LEVELS.join(", ")}` }) }).default("info"),
    COLLAB_STORE_DEBOUNCE_MS: optionalInt,
    COLLAB_STORE_MAX_WAIT_MS: optionalInt,
    COLLAB_COMPACT_EVERY: optionalInt,
    COLLAB_WRITE_BEHIND_MS: optionalInt,
    COLLAB_JOURNAL_SWEEP_MS: optionalInt,
    COLLAB_JOURNAL_SWEEP_AGE_MS: optionalInt,
    COLLAB_MAX_MESSAGE_BYTES: optionalInt,
    COLLAB_MAX_CONNECTIONS_PER_IP: optionalInt,
    COLLAB_MAX_DOCUMENTS: optionalInt,
  })
  .refine((env) => env.DATABASE_URL || env.DATA_DIR, {
    message: "Define DATABASE_URL (PostgreSQL) o DATA_DIR (PGlite, un solo proceso)",
  });

export interface StandaloneConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir?: string;
  secret: string;
  allowedOrigins: string[];
  /** TRUSTED_PROXIES as a list, and compiled (whose X-Forwarded-For is believed). */
  trustedProxies: string[];
  trustProxy: ProxyTrust;
  logLevel: LogLevelName;
  redisUrl?: string;
  redisPrefix: string;
  limits: Partial<CollabLimits>;
  storeTiming: Partial<StoreTiming>;
}


function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env): StandaloneConfig {
  // An empty variable (common in .env files) means "not set".
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `- ${issue.path.join(".") || "entorno"}: ${issue.message}`);
    throw new Error(`Configuración inválida del servidor de edición:\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.COLLAB_PORT ?? e.PORT ?? 1234,
    host: e.COLLAB_HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATABASE_URL ? undefined : e.DATA_DIR,
    secret: e.COLLAB_SECRET,
    allowedOrigins: e.COLLAB_ALLOWED_ORIGINS.split(",").map((o) => o.trim()).filter(Boolean),
    trustedProxies: splitList(e.TRUSTED_PROXIES),
    trustProxy: compileTrustedProxies(splitList(e.TRUSTED_PROXIES)),
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    limits: withoutUndefined({
      maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      maxConnectionsPerIp: e.COLLAB_MAX_CONNECTIONS_PER_IP,
      maxDocuments: e.COLLAB_MAX_DOCUMENTS,
    }),
    storeTiming: withoutUndefined({
      debounceMs: e.COLLAB_STORE_DEBOUNCE_MS,
      maxWaitMs: e.COLLAB_STORE_MAX_WAIT_MS,
      compactEvery: e.COLLAB_COMPACT_EVERY,
      writeBehindMs: e.COLLAB_WRITE_BEHIND_MS,
      journalSweepMs: e.COLLAB_JOURNAL_SWEEP_MS,
      journalSweepAgeMs: e.COLLAB_JOURNAL_SWEEP_AGE_MS,
    }),
  };
}
