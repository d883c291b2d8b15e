import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { getDb } from "~/db/client.server";
import * as schema from "~/db/schema";
import { enqueueEmail } from "~/email/outbox.server";
import { getEnv, isTrue } from "~/env.server";
import { clearLoginFailures } from "~/features/accounts/attempt-limits.server";
import { recordResetLink } from "~/features/accounts/password-reset.server";
import { loadOrCreateSecret } from "./secret.server.ts";

export const SESSION_DAYS = 14;

function createAuth() {
  const env = getEnv();
  const secure = isTrue(env.SECURE_COOKIES) || env.baseUrl.startsWith("https://");
  return betterAuth({
    appName: "Red OMIL",
    baseURL: env.baseUrl,
    basePath: "/api/auth",
    secret: loadOrCreateSecret(env.dataDir, "auth-secret", env.AUTH_SECRET),
    trustedOrigins: env.trustedOrigins,
    database: drizzleAdapter(getDb(), {
      provider: "pg",
      schema: { user: schema.user, session: schema.session, account: schema.account, verification: schema.verification, rateLimit: schema.rateLimit },
    }),
    telemetry: { enabled: false },
    // Failed logins are expected noise in tests; production keeps warnings.
    logger: { level: env.NODE_ENV === "test" ? "error" : "warn" },
    emailAndPassword: {
      enabled: true,
      // No open sign-up: accounts come from invitations (app/features/accounts).
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      // Whoever reads the account's mailbox may log in again at once (login limits, decision 0073).
      onPasswordReset: async ({ user }) => clearLoginFailures(getDb(), user.email),
      sendResetPassword: async ({ user, token }) => {
        // The link opens our page directly (not better-auth's redirect, which drops the token on
        // failure), so the page can tell an expired link from a used or a mistyped one.
        await recordResetLink(getDb(), token);
        const url = `${env.baseUrl}/restablecer?token=${encodeURIComponent(token)}`;
        await enqueueEmail(getDb(), {
          to: user.email,
          subject: "Restablecer tu contraseña en Red OMIL",
          text:
            `Hola ${user.name}:\n\nPara elegir una nueva contraseña abre este enlace (vale por una hora):\n${url}\n\n` +
            "Si no lo pediste, ignora este mensaje.",
        });
      },
    },
    user: {
      additionalFields: {
        organizationId: { type: "string", required: false, input: false },
        role: { type: "string", required: false, input: false, defaultValue: "omil_staff" },
        active: { type: "boolean", required: false, input: false, defaultValue: true },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * SESSION_DAYS, updateAge: 60 * 60 * 24 },
    // Password logins and reset requests go only through app/features/accounts/login.server.ts,
    // which applies our own limits (per address and per account, failures only): their HTTP routes
    // here are closed so nobody can go around those limits.
    disabledPaths: ["/sign-in/email", "/request-password-reset"],
    // The remaining /api/auth routes: 200 requests per minute per client, shared by all processes.
    rateLimit: { enabled: true, storage: "database", window: 60, max: 200 },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: "red-omil",
      // server/app.ts overwrites this header with the resolved client address (TRUSTED_PROXIES)
      // before any request reaches better-auth; login.server.ts passes the same address.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

// One instance per module copy; both copies share the database (see db/client.server.ts).
let instance: Auth | undefined;
export function getAuth(): Auth {
  instance ??= createAuth();
  return instance;
}
