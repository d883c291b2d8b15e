import path from "node:path";
import { z } from "zod";
import { invalidTrustedProxies } from "./utils/client-address.server.ts";
import { LOG_LEVELS } from "./utils/logger.server.ts";

/*
 * The environment, validated once at boot. Only `publicEnv()` values reach the
 * browser.
 */
/** Settings every process of a deployment reads alike (portal and `npm run collab`). */
export const processSettings = {
  /** Redis for everything that crosses processes (live co-editing, revocations). Required for more than one collab-serving process. */
  REDIS_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || /^rediss?:\/\//.test(value), "REDIS_URL debe empezar con redis:// o rediss://"),
  /** Channel prefix shared by the processes of one deployment (tests use their own). */
  REDIS_PREFIX: z.string().default("redomil:"),
  /** Addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed (comma separated); default none. */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const invalid = invalidTrustedProxies(splitList(value));
      if (invalid.length > 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `dirección o red inválida: ${invalid.join(", ")}` });
    }),
};

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  MEILI_URL: z.string().url().optional(),
  MEILI_MASTER_KEY: z.string().optional(),
  MEILI_BIN: z.string().optional(),
  SEARCH_DISABLED: z.enum(["0", "1", "true", "false"]).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Red OMIL <no-responder@redomil.local>"),
  BASE_URL: z.string().url().optional(),
  /** Extra origins allowed for auth and WebSocket upgrades, comma separated. */
  TRUSTED_ORIGINS: z.string().optional(),
  /** Secret for sessions and collab tokens; generated and kept in DATA_DIR when absent. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Behind a TLS proxy: sets secure cookies even if BASE_URL is http. */
  SECURE_COOKIES: z.enum(["0", "1", "true", "false"]).optional(),
  SEED_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  /** pino's levels: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(LOG_LEVELS, { errorMap: () => ({ message: `LOG_LEVEL debe ser uno de: ${LOG_LEVELS.join(", ")}` }) }).default("info"),
  /** Secret shared with standalone collab processes (tokens); generated and kept in DATA_DIR when absent. */
  COLLAB_SECRET: z.string().min(32, "COLLAB_SECRET debe tener al menos 32 caracteres").optional(),
  ...processSettings,
  /** Where browsers open the collab WebSocket (e.g. wss://collab.example.cl); default the portal's own /collab. */
  COLLAB_PUBLIC_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || (/^wss?:\/\//.test(value) && URL.canParse(value)), "COLLAB_PUBLIC_URL debe ser una URL ws:// o wss://"),
});

export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export type Env = z.infer<typeof schema> & {
  dataDir: string;
  baseUrl: string;
  trustedOrigins: string[];
  /** TRUSTED_PROXIES as a list (addresses or CIDRs); empty: no proxy is believed. */
  trustedProxies: string[];
};

let cached: Env | undefined;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set" (e.g. `DATABASE_URL= npm start`).
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Configuración inválida: ${details}`);
  }
  const env = parsed.data;
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const trustedOrigins = [new URL(baseUrl).origin, ...splitList(env.TRUSTED_ORIGINS)];
  if (env.COLLAB_PUBLIC_URL && !env.COLLAB_SECRET) {
    throw new Error("Configuración inválida: COLLAB_PUBLIC_URL requiere COLLAB_SECRET (el mismo de los procesos de edición)");
  }
  return { ...env, dataDir: path.resolve(env.DATA_DIR), baseUrl, trustedOrigins, trustedProxies: splitList(env.TRUSTED_PROXIES) };
}

export function getEnv(): Env {
  cached ??= loadEnv();
  return cached;
}

export function setEnv(env: Env) {
  cached = env;
}

export function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}
