import { getAuth } from "~/auth/auth.server";
import { getEnv } from "~/env.server";

export type LoginOutcome = { ok: true; setCookies: string[] } | { ok: false; reason: "invalid" | "rate_limited" | "inactive" };

/**
 * Signs in through better-auth's own HTTP handler (not `auth.api`) so its
 * rate limiter applies per client IP (≤ 10 attempts per minute).
 */
export async function signInWithPassword(email: string, password: string, clientIp: string): Promise<LoginOutcome> {
  const env = getEnv();
  const response = await getAuth().handler(
    new Request(`${env.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(env.baseUrl).origin, "x-forwarded-for": clientIp },
      body: JSON.stringify({ email, password, rememberMe: true }),
    }),
  );
  if (response.status === 429) return { ok: false, reason: "rate_limited" };
  if (!response.ok) return { ok: false, reason: "invalid" };
  const body = (await response.json().catch(() => null)) as { user?: { active?: boolean } } | null;
  const setCookies = response.headers.getSetCookie();
  if (body?.user && body.user.active === false) {
    return { ok: false, reason: "inactive" };
  }
  return { ok: true, setCookies };
}

export const LOGIN_MESSAGES: Record<"invalid" | "rate_limited" | "inactive", string> = {
  invalid: "Correo o contraseña incorrectos.",
  rate_limited: "Demasiados intentos. Espera un minuto antes de volver a intentar.",
  inactive: "Tu cuenta está desactivada. Contacta a quien administra tu organización.",
};

/** Signs out this browser's session, or all of the person's sessions. */
export async function signOut(request: Request, everywhere: boolean): Promise<string[]> {
  const auth = getAuth();
  if (everywhere) {
    await auth.api.revokeSessions({ headers: request.headers }).catch(() => undefined);
  }
  const response = await auth.api.signOut({ headers: request.headers, asResponse: true });
  return response.headers.getSetCookie();
}
