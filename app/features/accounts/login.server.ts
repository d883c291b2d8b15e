import { getAuth } from "~/auth/auth.server";
import { getDb } from "~/db/client.server";
import { reserveLoginAttempt, reserveResetRequest, settleLoginAttempt } from "./attempt-limits.server";
import { recordAccountEvent } from "~/features/audit/account-events.server";

type LoginRefusal = "invalid" | "rate_limited_address" | "rate_limited_account" | "inactive";
export type LoginOutcome = { ok: true; setCookies: string[] } | { ok: false; reason: LoginRefusal };

/**
 * Checks a password within the login limits (attempt-limits.server.ts): per
 * client address and per account, counting failures only. `clientAddress` is
 * the resolved client (context.clientIp), never a header the client chose.
 * better-auth's own HTTP route for this is disabled (auth.server.ts), so every
 * login goes through here.
 */
export async function signInWithPassword(email: string, password: string, clientAddress: string): Promise<LoginOutcome> {
  const db = getDb();
  const reservation = await reserveLoginAttempt(db, email, clientAddress);
  if (!reservation.ok) return { ok: false, reason: reservation.limit === "address" ? "rate_limited_address" : "rate_limited_account" };
  let response: Response;
  try {
    response = await getAuth().api.signInEmail({
      body: { email, password, rememberMe: true },
      // Recorded on the session (better-auth reads the address from this header).
      headers: new Headers({ "x-forwarded-for": clientAddress }),
      asResponse: true,
    });
  } catch (error) {
    await settleLoginAttempt(db, reservation.id, "not-a-failure");
    throw error;
  }
  // 401: wrong email or password; other errors (validation, server) are not guesses.
  await settleLoginAttempt(db, reservation.id, response.status === 401 ? "failed" : "not-a-failure");
  if (!response.ok) {
    if (response.status === 401) await recordAccountEvent(db, { action: "account.sign_in_failed", email, actor: null, details: { correo: email } });
    return { ok: false, reason: "invalid" };
  }
  const body = (await response.json().catch(() => null)) as { user?: { id?: string; name?: string; organizationId?: string | null; active?: boolean } } | null;
  const setCookies = response.headers.getSetCookie();
  if (body?.user && body.user.active === false) {
    await recordAccountEvent(db, { action: "account.sign_in_failed", email, actor: null, details: { motivo: "cuenta desactivada" } });
    return { ok: false, reason: "inactive" };
  }
  if (body?.user?.id) {
    const who = { userId: body.user.id, name: body.user.name ?? email, organizationId: body.user.organizationId ?? null };
    await recordAccountEvent(db, { action: "account.signed_in", userId: body.user.id, actor: who });
  }
  return { ok: true, setCookies };
}

export const LOGIN_MESSAGES: Record<LoginRefusal, string> = {
  invalid: "Correo o contraseña incorrectos.",
  rate_limited_address: "Demasiados intentos fallidos desde tu conexión. Espera un minuto antes de volver a intentar.",
  rate_limited_account:
    "Demasiados intentos fallidos para esta cuenta. Espera 15 minutos antes de volver a intentar o restablece tu contraseña.",
  inactive: "Tu cuenta está desactivada. Contacta a quien administra tu organización.",
};

export const RESET_RATE_LIMITED_MESSAGE = "Demasiadas solicitudes de restablecimiento. Espera unos minutos antes de pedir otro enlace.";

/**
 * Asks better-auth to email a reset link, within the reset limits; the answer
 * does not reveal whether the account exists. better-auth's own HTTP route for
 * this is disabled, so every request goes through here.
 */
export async function requestPasswordReset(email: string, clientAddress: string): Promise<{ ok: true } | { ok: false; reason: "rate_limited" }> {
  const reservation = await reserveResetRequest(getDb(), email, clientAddress);
  if (!reservation.ok) return { ok: false, reason: "rate_limited" };
  await getAuth()
    .api.requestPasswordReset({ body: { email, redirectTo: "/restablecer" }, headers: new Headers({ "x-forwarded-for": clientAddress }) })
    .catch(() => undefined);
  return { ok: true };
}

/** Signs out this browser's session, or all of the person's sessions. */
export async function signOut(request: Request, everywhere: boolean): Promise<string[]> {
  const auth = getAuth();
  if (everywhere) {
    await auth.api.revokeSessions({ headers: request.headers }).catch(() => undefined);
  }
  const response = await auth.api.signOut({ headers: request.headers, asResponse: true });
  return response.headers.getSetCookie();
}
